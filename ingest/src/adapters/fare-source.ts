import type { ScrapeJob } from '@fareflow/shared';

import type { OfferFormat, ParsedOffers } from '../domain/normalized-offer';

export type FetchOutcome =
  | { kind: 'offers'; parsed: ParsedOffers; etag?: string }
  /** The feed answered 304: nothing changed since `etag`. */
  | { kind: 'not-modified' };

/**
 * An airline API that answers scrape jobs. One HTTP exchange per call (plus a token refresh
 * where the format has tokens). Throws SourceUnavailableError (retryable: timeouts, 5xx, 429,
 * a response that is not the format at all) or SourceRejectedError (permanent 4xx).
 * Retries, rate limits and change detection are the caller's.
 */
export interface FareSource {
  name: string;
  format: OfferFormat;
  fetch(job: ScrapeJob, etag?: string): Promise<FetchOutcome>;
}
