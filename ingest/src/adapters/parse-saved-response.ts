import type { FareObservation } from '@fareflow/shared';

import type { OfferFormat, ParsedOffers, SkippedOffer } from '../domain/normalized-offer';
import { isSkipped } from '../domain/segment-times';
import { toFareObservation } from '../domain/to-fare-observation';
import { parseAmadeusOffers } from './amadeus/amadeus-normalizer';
import { parseDuffelOffers } from './duffel/duffel-normalizer';
import { parseFeedOffers } from './feed/feed-normalizer';

/** An offer proves at least as many seats as the one adult it was priced for. */
export const SEATS_WHEN_UNKNOWN = 1;

/** Normalizes a response body of the given format; `source` names where it came from. */
export function parseOffers(format: OfferFormat, body: unknown, source: string = format): ParsedOffers {
  switch (format) {
    case 'amadeus':
      return parseAmadeusOffers(body, source);
    case 'duffel':
      return parseDuffelOffers(body, source);
    case 'feed':
      return parseFeedOffers(body, source);
  }
}

export interface ParsedObservations {
  observations: FareObservation[];
  skipped: SkippedOffer[];
}

/** Normalized offers -> validated `fare.observation.v1` messages (kind `change`), skips kept apart. */
export function toObservations(parsed: ParsedOffers, observedAt: string): ParsedObservations {
  const result: ParsedObservations = { observations: [], skipped: [...parsed.skipped] };
  for (const offer of parsed.offers) {
    const observation = toFareObservation(offer, { observedAt, kind: 'change', seatsWhenUnknown: SEATS_WHEN_UNKNOWN });
    if (isSkipped(observation)) {
      result.skipped.push(observation);
    } else {
      result.observations.push(observation);
    }
  }
  return result;
}

export interface ParseSavedResponseOptions {
  observedAt?: string;
  source?: string;
}

/**
 * Reads a saved API response (the text of a file) and returns one observation per usable offer
 * and one reason per skipped offer. Invalid JSON is a single `INVALID_RESPONSE` skip, not a throw.
 */
export function parseSavedResponse(
  format: OfferFormat,
  text: string,
  options: ParseSavedResponseOptions = {},
): ParsedObservations {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'unreadable';
    return { observations: [], skipped: [{ code: 'INVALID_RESPONSE', message: `not valid JSON: ${reason}` }] };
  }
  const observedAt = options.observedAt ?? new Date().toISOString();
  return toObservations(parseOffers(format, body, options.source ?? format), observedAt);
}
