import type { AxiosInstance } from 'axios';

import type { FareSource } from '../fare-source';
import { describeBody, errorForStatus, SourceRejectedError } from '../http/fetch-errors';
import { send, throwIfUnreadable } from '../http/send';
import type { DuffelOfferRequestBody } from './duffel.schemas';
import { parseDuffelOffers } from './duffel-normalizer';

export interface DuffelSourceOptions {
  name: string;
  /** Built by the composition root with the base URL (`https://api.duffel.com` or the simulator) and timeout. */
  http: AxiosInstance;
  accessToken: string;
  /** The `Duffel-Version` header, e.g. `v2`. */
  version: string;
}

/** Duffel offer requests: one one-way search for one adult per job, offers returned inline. */
export function createDuffelSource(options: DuffelSourceOptions): FareSource {
  return {
    name: options.name,
    format: 'duffel',
    async fetch(job) {
      if (!job.destination) {
        throw new SourceRejectedError('a Duffel job needs a destination', 400);
      }
      const body: DuffelOfferRequestBody = {
        data: {
          slices: [{ origin: job.origin, destination: job.destination, departure_date: job.departureDate }],
          passengers: [{ type: 'adult' }],
          max_connections: 0,
        },
      };
      const response = await send(() =>
        options.http.post<unknown>('/air/offer_requests', body, {
          params: { return_offers: true },
          headers: { authorization: `Bearer ${options.accessToken}`, 'duffel-version': options.version },
        }),
      );
      if (response.status !== 200 && response.status !== 201) {
        throw errorForStatus(response.status, response.headers, describeBody(response.data));
      }
      const parsed = parseDuffelOffers(response.data, options.name);
      throwIfUnreadable(parsed.skipped);
      return { kind: 'offers', parsed };
    },
  };
}
