import type { AxiosInstance } from 'axios';

import type { FareSource } from '../fare-source';
import { describeBody, errorForStatus, SourceRejectedError } from '../http/fetch-errors';
import { send, throwIfUnreadable } from '../http/send';
import { parseFeedOffers } from './feed-normalizer';

export interface FeedSourceOptions {
  name: string;
  /** Built by the composition root with the feed's base URL and timeout. */
  http: AxiosInstance;
}

/** The plain JSON feed: conditional GET with If-None-Match; 304 means nothing changed. */
export function createFeedSource(options: FeedSourceOptions): FareSource {
  return {
    name: options.name,
    format: 'feed',
    async fetch(job, etag) {
      if (!job.carrier) {
        throw new SourceRejectedError('a feed job needs a carrier', 400);
      }
      const response = await send(() =>
        options.http.get<unknown>('/feed/v1/fares', {
          params: { carrier: job.carrier, origin: job.origin, date: job.departureDate },
          headers: etag ? { 'if-none-match': etag } : {},
        }),
      );
      if (response.status === 304) {
        return { kind: 'not-modified' };
      }
      if (response.status !== 200) {
        throw errorForStatus(response.status, response.headers, describeBody(response.data));
      }
      const parsed = parseFeedOffers(response.data, options.name);
      throwIfUnreadable(parsed.skipped);
      const tag: unknown = response.headers['etag'];
      return { kind: 'offers', parsed, ...(typeof tag === 'string' ? { etag: tag } : {}) };
    },
  };
}
