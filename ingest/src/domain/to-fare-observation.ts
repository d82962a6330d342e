import { type FareObservation, fareObservationV1, formatFlightId, normalizeAmount } from '@fareflow/shared';

import { describeIssues, type NormalizedOffer, type SkippedOffer } from './normalized-offer';

export interface ObservationContext {
  observedAt: string;
  kind: FareObservation['kind'];
  /**
   * Seats to report when the format publishes none (Duffel): an offer for N passengers proves N
   * seats, so this is a lower bound. Undefined means such offers are skipped.
   */
  seatsWhenUnknown?: number;
}

/** Key of one observable fare: a flight and a cabin. */
export const fareKeyOf = (observation: Pick<FareObservation, 'flightId' | 'cabin'>) =>
  `${observation.flightId}/${observation.cabin}`;

/**
 * Maps a one-way offer to the `fare.observation.v1` contract, validated: whatever comes back as an
 * observation is safe to publish. Round trips are skipped: Fareflow observes one-way fares, and a
 * round-trip price cannot be split between its legs.
 */
export function toFareObservation(offer: NormalizedOffer, context: ObservationContext): FareObservation | SkippedOffer {
  const [itinerary, ...others] = offer.itineraries;
  if (!itinerary || others.length > 0) {
    return {
      code: 'ROUND_TRIP',
      message: `offer has ${offer.itineraries.length} itineraries; only one-way offers are observed`,
      offerId: offer.offerId,
    };
  }
  const seatsAvailable = offer.seatsAvailable ?? context.seatsWhenUnknown;
  if (seatsAvailable === undefined) {
    return { code: 'SEATS_UNKNOWN', message: 'offer carries no seat count', offerId: offer.offerId };
  }
  const first = itinerary.segments[0];
  const last = itinerary.segments[itinerary.segments.length - 1];
  if (!first || !last) {
    return { code: 'INVALID_OFFER', message: 'itinerary has no segments', offerId: offer.offerId };
  }
  const flightId = formatFlightId({
    carrier: first.carrier,
    flightNumber: first.flightNumber,
    departureDate: first.departureLocal.slice(0, 10),
    origin: first.origin,
    destination: last.destination,
  });
  const candidate = {
    schema: 'fare.observation.v1',
    observationId: observationIdOf(offer.source, flightId, itinerary.cabin, context.observedAt),
    kind: context.kind,
    flightId,
    carrier: first.carrier,
    flightNumber: first.flightNumber,
    origin: first.origin,
    destination: last.destination,
    departureLocal: first.departureLocal,
    departureUtc: first.departureUtc,
    arrivalLocal: last.arrivalLocal,
    arrivalUtc: last.arrivalUtc,
    durationMinutes: itinerary.durationMinutes,
    stops: itinerary.stops,
    segments: itinerary.segments.map(({ carrier, flightNumber, origin, destination, departureUtc, arrivalUtc }) => ({
      carrier,
      flightNumber,
      origin,
      destination,
      departureUtc,
      arrivalUtc,
    })),
    cabin: itinerary.cabin,
    fareClass: itinerary.fareClass,
    price: safeNormalize(offer.price),
    currency: offer.currency,
    seatsAvailable: Math.min(seatsAvailable, 1000),
    ...(offer.offerExpiresAt ? { offerExpiresAt: offer.offerExpiresAt } : {}),
    observedAt: context.observedAt,
    source: offer.source,
  };
  const parsed = fareObservationV1.safeParse(candidate);
  if (!parsed.success) {
    return { code: 'INVALID_OBSERVATION', message: describeIssues(parsed.error.issues), offerId: offer.offerId };
  }
  return parsed.data;
}

/**
 * `source:flightId:cabin:instant`, the instant compacted (`20260301T100000123Z`): one scraper
 * sees a fare at most once per millisecond, so the id is unique, and a replay keeps it.
 */
export function observationIdOf(source: string, flightId: string, cabin: string, observedAt: string): string {
  return `${source}:${flightId}:${cabin}:${observedAt.replace(/[-:.]/g, '')}`;
}

function safeNormalize(amount: string): string {
  try {
    return normalizeAmount(amount);
  } catch {
    return amount; // left for the contract check to reject with the field named
  }
}
