/** A service the console forwards to: `label` names it in the errors a person reads. */
export interface Upstream {
  label: string;
  baseUrl: string;
}

export interface ProxyRequest {
  method: string;
  /** Path and query on the upstream, starting with `/`. */
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body?: Buffer | undefined;
}

export interface ProxyResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface UpstreamProxy {
  /**
   * Sends the request to the first upstream that answers (the next one only when a connection
   * fails), and follows a 307/308 to another of `upstreams` with the same method, body and
   * Authorization header. A redirect anywhere else is refused: the key is never sent to a host we
   * were not configured with. Failures come back as the APIs' own error shape, in words.
   */
  forward(upstreams: readonly Upstream[], request: ProxyRequest): Promise<ProxyResponse>;
}

const FORWARDED_REQUEST_HEADERS = ['authorization', 'content-type', 'accept', 'prefer', 'idempotency-key'];
const FORWARDED_RESPONSE_HEADERS = ['content-type', 'retry-after', 'allow', 'cache-control'];
const MAX_REDIRECTS = 2;

export function errorResponse(status: number, code: string, message: string): ProxyResponse {
  return {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: Buffer.from(JSON.stringify({ error: { code, message } })),
  };
}

function pickHeaders(headers: ProxyRequest['headers']): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of FORWARDED_REQUEST_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string') {
      picked[name] = value;
    }
  }
  return picked;
}

function upstreamOf(location: string, from: Upstream, upstreams: readonly Upstream[]): Upstream | undefined {
  const target = new URL(location, from.baseUrl);
  return upstreams.find((candidate) => new URL(candidate.baseUrl).origin === target.origin);
}

export function createUpstreamProxy(deps: { timeoutMs: number; fetch?: typeof fetch }): UpstreamProxy {
  const send = deps.fetch ?? fetch;

  async function sendOnce(upstream: Upstream, path: string, request: ProxyRequest): Promise<Response> {
    const hasBody = request.body !== undefined && request.body.length > 0 && !['GET', 'HEAD'].includes(request.method);
    return send(new URL(path, upstream.baseUrl), {
      method: request.method,
      headers: pickHeaders(request.headers),
      body: hasBody ? new Uint8Array(request.body ?? []) : undefined,
      redirect: 'manual',
      signal: AbortSignal.timeout(deps.timeoutMs),
    });
  }

  async function toProxyResponse(response: Response): Promise<ProxyResponse> {
    const headers: Record<string, string> = {};
    for (const name of FORWARDED_RESPONSE_HEADERS) {
      const value = response.headers.get(name);
      if (value !== null) {
        headers[name] = value;
      }
    }
    return { status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) };
  }

  function failure(upstream: Upstream, error: unknown): ProxyResponse {
    const isTimeout = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return isTimeout
      ? errorResponse(504, 'UPSTREAM_TIMEOUT', `${upstream.label} did not answer within ${deps.timeoutMs / 1000} s`)
      : errorResponse(502, 'REGION_DOWN', `${upstream.label} does not answer (it may be down)`);
  }

  /** Follows the upstream's redirects among the known upstreams; never throws. */
  async function follow(upstreams: readonly Upstream[], first: Upstream, request: ProxyRequest) {
    let [upstream, path] = [first, request.path];
    for (let hop = 0; ; hop += 1) {
      let response: Response;
      try {
        response = await sendOnce(upstream, path, request);
      } catch (error) {
        return { isConnected: false, response: failure(upstream, error) };
      }
      const location = response.headers.get('location');
      if (![307, 308].includes(response.status) || location === null || hop >= MAX_REDIRECTS) {
        return { isConnected: true, response: await toProxyResponse(response) };
      }
      const next = upstreamOf(location, upstream, upstreams);
      if (next === undefined) {
        await response.body?.cancel();
        return {
          isConnected: true,
          response: errorResponse(502, 'UPSTREAM_REDIRECT', `${upstream.label} redirected to an unknown host`),
        };
      }
      const target = new URL(location, upstream.baseUrl);
      await response.body?.cancel();
      [upstream, path] = [next, `${target.pathname}${target.search}`];
    }
  }

  return {
    async forward(upstreams, request) {
      let firstFailure: ProxyResponse | undefined;
      for (const upstream of upstreams) {
        const outcome = await follow(upstreams, upstream, request);
        if (outcome.isConnected) {
          return outcome.response;
        }
        // The first failure names the service the request was for (a region down, or its redirect target).
        firstFailure ??= outcome.response;
      }
      return firstFailure ?? errorResponse(502, 'REGION_DOWN', 'no upstream configured');
    },
  };
}
