import type { ScrapeJob } from '@fareflow/shared';
import { type Backoff, isRetryable } from '@fareflow/shared';

import type { FareSource, FetchOutcome } from '../adapters/fare-source';
import { SourceUnavailableError } from '../adapters/http/fetch-errors';
import type { TokenBucket } from '../domain/token-bucket';

export interface RetryPolicy {
  /** Attempts per job run, the first included. */
  maxAttempts: number;
  /** Capped, jittered delay before retry N (1-based). */
  backoff: Backoff;
  /** A Retry-After longer than this is cut to it (the job is retried again later instead). */
  maxRetryAfterMs: number;
}

export interface FetchWithRetryOptions {
  source: FareSource;
  limiter: TokenBucket;
  job: ScrapeJob;
  etag: string | undefined;
  policy: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  /** Called for every failed attempt, retried or not. */
  onFailure: (error: unknown) => void;
}

/**
 * Fetches through the source's rate limiter, retrying transient failures (timeouts, 5xx, 429,
 * unreadable bodies) with capped jittered backoff, honouring Retry-After. Permanent ones (4xx)
 * are thrown at once; after the last attempt the last transient error is thrown.
 */
export async function fetchWithRetry(options: FetchWithRetryOptions): Promise<FetchOutcome> {
  const { policy } = options;
  for (let attempt = 1; ; attempt += 1) {
    await options.sleep(options.limiter.reserve());
    try {
      return await options.source.fetch(options.job, options.etag);
    } catch (error) {
      options.onFailure(error);
      if (!isRetryable(error) || attempt >= policy.maxAttempts) {
        throw error;
      }
      const retryAfter = error instanceof SourceUnavailableError ? (error.retryAfterMs ?? 0) : 0;
      await options.sleep(Math.max(policy.backoff(attempt), Math.min(retryAfter, policy.maxRetryAfterMs)));
    }
  }
}
