import type { ApiErrorBody } from './types';

/** What went wrong, for a person: the API's code turned into words, the API's own message kept as detail. */
export interface ErrorDescription {
  code: string;
  title: string;
  detail: string;
}

function isApiErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) {
    return false;
  }
  const error = (body as { error: unknown }).error;
  return typeof error === 'object' && error !== null && 'code' in error && 'message' in error;
}

const titles: Record<string, string> = {
  OFFER_EXPIRED: 'This offer has expired. Search again for a current price.',
  OFFER_INVALID: 'This offer is not valid here. Search again and pick a fresh result.',
  NO_SEATS: 'Sold out: there are not enough seats left on this flight.',
  SOLD_OUT: 'Sold out: there are not enough seats left on this flight.',
  SALES_CLOSED: 'Sales have closed for this flight (it departs too soon).',
  DEPARTED: 'This flight has already departed.',
  PRICE_CHANGED: 'The price changed above the limit you set.',
  HOLD_EXPIRED: 'The hold expired before it was paid; its seats were released.',
  PAYMENT_DECLINED: 'The payment was declined.',
  ORDER_STATE_CONFLICT: 'The order cannot do that in its current state.',
  MIXED_CURRENCIES: 'All flights of one order must be priced in the same currency.',
  VALIDATION: 'Some input was not accepted.',
  UNAUTHENTICATED: 'The API key was not accepted. Sign out and paste a valid key.',
  FORBIDDEN: 'This API key lacks the permission (scope) for that.',
  RATE_LIMITED: 'Rate limited: this key sent too many requests.',
  REGION_DOWN: 'A region is down: its service does not answer.',
  STORE_UNAVAILABLE: 'A region is down: its fare store does not answer.',
  UPSTREAM_TIMEOUT: 'A service took too long to answer.',
  NOT_FOUND: 'Not found.',
};

function titleByStatus(status: number): string {
  if (status === 401) {
    return titles['UNAUTHENTICATED'] ?? '';
  }
  if (status === 403) {
    return titles['FORBIDDEN'] ?? '';
  }
  if (status === 429) {
    return titles['RATE_LIMITED'] ?? '';
  }
  if (status === 502 || status === 503) {
    return 'A service is down or not ready.';
  }
  return status >= 500 ? 'The service failed to answer this request.' : 'The request was refused.';
}

/** An HTTP error response in words; `retryAfterSeconds` from the Retry-After header, when there is one. */
export function describeHttpError(status: number, body: unknown, retryAfterSeconds?: number): ErrorDescription {
  const apiError = isApiErrorBody(body) ? body.error : undefined;
  const code = apiError?.code ?? `HTTP_${status}`;
  const title = titles[code] ?? titleByStatus(status);
  const field = apiError?.field ? ` (${apiError.field})` : '';
  const retry = retryAfterSeconds !== undefined ? ` Try again in ${retryAfterSeconds} s.` : '';
  return { code, title: `${title}${retry}`, detail: apiError ? `${apiError.message}${field}` : `HTTP ${status}` };
}

/** An order that failed in the worker (its `failure`), in words. */
export function describeFailure(failure: { code: string; reason: string }): ErrorDescription {
  return { code: failure.code, title: titles[failure.code] ?? 'The order failed.', detail: failure.reason };
}

export const networkError = (): ErrorDescription => ({
  code: 'NETWORK',
  title: 'The console server does not answer. Check that `npm start` is running.',
  detail: 'network error',
});
