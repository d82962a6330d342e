import type { ScrapeJob } from '@fareflow/shared';
import type { AxiosInstance, AxiosResponse } from 'axios';

import type { Clock } from '../../domain/clock';
import type { FareSource, FetchOutcome } from '../fare-source';
import { describeBody, errorForStatus, SourceRejectedError, SourceUnavailableError } from '../http/fetch-errors';
import { send, throwIfUnreadable } from '../http/send';
import { amadeusTokenResponse } from './amadeus.schemas';
import { parseAmadeusOffers } from './amadeus-normalizer';

export interface AmadeusSourceOptions {
  name: string;
  /** Built by the composition root with the base URL (`https://test.api.amadeus.com` or the simulator) and timeout. */
  http: AxiosInstance;
  clientId: string;
  clientSecret: string;
  clock: Clock;
  /** Refresh this long before the token's stated expiry. */
  tokenMarginMs?: number;
}

interface CachedToken {
  value: string;
  expiresAtMs: number;
}

/**
 * Amadeus Flight Offers Search v2 with OAuth2 client credentials. The token is cached until
 * shortly before it expires; a 401 on search drops it and the search is tried once more with a new one.
 */
export function createAmadeusSource(options: AmadeusSourceOptions): FareSource {
  const { http, clock } = options;
  const margin = options.tokenMarginMs ?? 30_000;
  let token: CachedToken | undefined;
  let pending: Promise<CachedToken> | undefined;

  async function requestToken(): Promise<CachedToken> {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: options.clientId,
      client_secret: options.clientSecret,
    });
    const response = await send(() =>
      http.post<unknown>('/v1/security/oauth2/token', form.toString(), {
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    if (response.status === 401 || response.status === 400) {
      throw new SourceRejectedError(`token refused: ${describeBody(response.data)}`, response.status);
    }
    if (response.status !== 200) {
      throw errorForStatus(response.status, response.headers, describeBody(response.data));
    }
    const parsed = amadeusTokenResponse.safeParse(response.data);
    if (!parsed.success) {
      throw new SourceUnavailableError('malformed_response', 'token response is not an Amadeus token');
    }
    return { value: parsed.data.access_token, expiresAtMs: clock.now() + parsed.data.expires_in * 1000 - margin };
  }

  async function currentToken(): Promise<string> {
    if (token && token.expiresAtMs > clock.now()) {
      return token.value;
    }
    // One refresh at a time: concurrent jobs wait for the same token.
    pending ??= requestToken().finally(() => {
      pending = undefined;
    });
    token = await pending;
    return token.value;
  }

  async function search(job: ScrapeJob, accessToken: string): Promise<AxiosResponse<unknown>> {
    return send(() =>
      http.get<unknown>('/v2/shopping/flight-offers', {
        headers: { authorization: `Bearer ${accessToken}` },
        params: {
          originLocationCode: job.origin,
          destinationLocationCode: job.destination,
          departureDate: job.departureDate,
          adults: 1,
          nonStop: true,
          max: 250,
          ...(job.carrier ? { includedAirlineCodes: job.carrier } : {}),
        },
      }),
    );
  }

  return {
    name: options.name,
    format: 'amadeus',
    async fetch(job): Promise<FetchOutcome> {
      if (!job.destination) {
        throw new SourceRejectedError('an Amadeus job needs a destination', 400);
      }
      const used = await currentToken();
      let response = await search(job, used);
      if (response.status === 401) {
        // Drop the token only if no concurrent job has replaced it already.
        if (token?.value === used) {
          token = undefined;
        }
        response = await search(job, await currentToken());
      }
      if (response.status !== 200) {
        throw errorForStatus(response.status, response.headers, describeBody(response.data));
      }
      const parsed = parseAmadeusOffers(response.data, options.name);
      throwIfUnreadable(parsed.skipped);
      return { kind: 'offers', parsed };
    },
  };
}
