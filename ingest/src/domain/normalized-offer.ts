import type { Cabin } from '@fareflow/shared';

/**
 * An airline offer in Fareflow's terms, before it becomes a `fare.observation.v1`. It keeps what
 * the contract cannot (several itineraries, unknown seat counts) so nothing is guessed silently.
 */
export interface NormalizedSegment {
  carrier: string;
  flightNumber: string;
  origin: string;
  destination: string;
  /** Local wall time at the origin with its offset: `2026-12-01T10:05:00+01:00`. */
  departureLocal: string;
  departureUtc: string;
  arrivalLocal: string;
  arrivalUtc: string;
}

export interface NormalizedItinerary {
  segments: NormalizedSegment[];
  durationMinutes: number;
  /** Connections plus technical stops. */
  stops: number;
  cabin: Cabin;
  /** Booking class of the first segment. */
  fareClass: string;
}

export interface NormalizedOffer {
  source: string;
  offerId: string;
  itineraries: NormalizedItinerary[];
  /** Price for one adult, exact decimal. */
  price: string;
  currency: string;
  /** Undefined when the format does not publish seat counts (Duffel). */
  seatsAvailable?: number;
  offerExpiresAt?: string;
}

export type SkipCode =
  | 'INVALID_RESPONSE'
  | 'INVALID_OFFER'
  | 'UNKNOWN_AIRPORT'
  | 'INCONSISTENT_TIMES'
  | 'UNSUPPORTED_CABIN'
  | 'ROUND_TRIP'
  | 'SEATS_UNKNOWN'
  | 'INVALID_OBSERVATION';

/** Why an offer (or a whole response) was not used. Counted by code, logged with the message. */
export interface SkippedOffer {
  code: SkipCode;
  message: string;
  offerId?: string;
}

export interface ParsedOffers {
  offers: NormalizedOffer[];
  skipped: SkippedOffer[];
}

/** Formats whose saved responses `parseSavedResponse` reads. */
export type OfferFormat = 'amadeus' | 'duffel' | 'feed';

/** Lists zod issues as `path: message; ...` for skip reasons and errors. */
export function describeIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
}

/** The offer's own id if it has one, else its position: for skip reasons of invalid offers. */
export function offerIdOf(raw: unknown, index: number): string {
  if (raw && typeof raw === 'object' && 'id' in raw && typeof raw.id === 'string') {
    return raw.id;
  }
  return `#${index}`;
}
