import { z } from 'zod';

import { iataAirport, iataCarrier, isoDate, isoDateTime } from './primitives';

export const scrapeJobRoutingKey = 'scrape.job.v1';

/**
 * `scrape.job.v1`: one fetch of one airline source, planned by ingest's cron and taken from the
 * work queue by any scrape worker. `jobKey` names what is scraped (the same key is never run twice
 * at once); `jobId` names this planned run (`jobKey@scheduledAt`), the message id.
 * Amadeus and Duffel jobs cover a route and date; feed jobs cover a carrier's departures from one airport.
 */
export const scrapeJobV1 = z.object({
  schema: z.literal('scrape.job.v1'),
  jobId: z.string().min(8).max(200),
  jobKey: z.string().min(3).max(160),
  /** Configured source name, e.g. `amadeus`; it selects base URL, credentials and rate limit. */
  source: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/),
  format: z.enum(['amadeus', 'duffel', 'feed']),
  carrier: iataCarrier.optional(),
  origin: iataAirport,
  destination: iataAirport.optional(),
  departureDate: isoDate,
  scheduledAt: isoDateTime,
  /** A job still queued after this is stale and dropped; the next cycle plans it again. */
  expiresAt: isoDateTime,
});
export type ScrapeJob = z.infer<typeof scrapeJobV1>;
