import { PermanentError, RetryableError } from '@fareflow/shared';
import axios from 'axios';

export type FetchFailureCause =
  'timeout' | 'network' | 'server_error' | 'rate_limited' | 'unauthorized' | 'malformed_response' | 'client_error';

/** The source may answer later: timeouts, network errors, 5xx, 429, garbled bodies. */
export class SourceUnavailableError extends RetryableError<FetchFailureCause> {
  constructor(
    cause: FetchFailureCause,
    message: string,
    readonly retryAfterMs?: number,
    options?: { cause?: unknown },
  ) {
    super(cause, message, options);
  }
}

/** The source refused the request and will again (4xx other than 401/408/429): do not retry. */
export class SourceRejectedError extends PermanentError<'client_error'> {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super('client_error', message);
  }
}

/** Classifies a non-2xx status. 401 is handled by the caller first (token refresh). */
export function errorForStatus(status: number, headers: Record<string, unknown>, detail: string): Error {
  if (status === 429) {
    return new SourceUnavailableError('rate_limited', `429 ${detail}`, retryAfterMs(headers['retry-after']));
  }
  if (status >= 500 || status === 408) {
    return new SourceUnavailableError('server_error', `${status} ${detail}`, retryAfterMs(headers['retry-after']));
  }
  if (status === 401) {
    return new SourceUnavailableError('unauthorized', `401 ${detail}`);
  }
  return new SourceRejectedError(`${status} ${detail}`, status);
}

/** Classifies a thrown axios error (no response): timeout or network. */
export function errorForTransport(error: unknown): Error {
  if (axios.isAxiosError(error)) {
    if (error.code === 'ECONNABORTED' || error.code === 'ETIMEDOUT') {
      return new SourceUnavailableError('timeout', `no answer in time (${error.code})`, undefined, { cause: error });
    }
    return new SourceUnavailableError('network', `unreachable: ${error.code ?? error.message}`, undefined, {
      cause: error,
    });
  }
  return new SourceUnavailableError('network', 'request failed', undefined, { cause: error });
}

export function retryAfterMs(header: unknown, now = Date.now()): number | undefined {
  if (typeof header !== 'string' || header.trim() === '') {
    return undefined;
  }
  const seconds = Number(header);
  if (Number.isFinite(seconds)) {
    return Math.max(0, seconds * 1000);
  }
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** A short, safe description of an error body for logs (never the whole payload). */
export function describeBody(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body ?? '');
  return text.slice(0, 200);
}
