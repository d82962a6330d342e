import { describeHttpError, type ErrorDescription, networkError } from './describe-error';

/** An API call that failed, already described in words. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly description: ErrorDescription,
  ) {
    super(description.title);
    this.name = 'ApiError';
  }
}

export type Query = Record<string, string | number | undefined>;

export interface ApiClient {
  get<T>(path: string, query?: Query): Promise<T>;
  post<T>(path: string, body: unknown, headers?: Record<string, string>): Promise<T>;
}

function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') {
      params.set(name, String(value));
    }
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    return text;
  }
}

/**
 * Calls the console's own origin (`/api/availability/...`, `/api/order/...`), which proxies the
 * services; every failure becomes an `ApiError` that says what happened in words.
 */
export function createApiClient(apiKey: string): ApiClient {
  async function call<T>(path: string, init: RequestInit): Promise<T> {
    let response: Response;
    try {
      response = await fetch(path, {
        ...init,
        headers: { accept: 'application/json', authorization: `Bearer ${apiKey}`, ...init.headers },
      });
    } catch {
      throw new ApiError(0, networkError());
    }
    const body = await readJson(response);
    if (!response.ok) {
      const retryAfter = Number(response.headers.get('retry-after'));
      throw new ApiError(
        response.status,
        describeHttpError(
          response.status,
          body,
          Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined,
        ),
      );
    }
    return body as T;
  }
  return {
    get: (path, query) => call(withQuery(path, query), { method: 'GET' }),
    post: (path, body, headers = {}) =>
      call(path, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json', ...headers },
      }),
  };
}
