import { type FareObservation, parseFlightId } from '@fareflow/shared';

import { RejectedMessageError } from './errors';
import { assertNotInFuture, toEpochMicros } from './event-time';
import type { CurrentFare, HistoryRow } from './ports';
import type { RegionRouting } from './region-routing';

export interface WritePolicy {
  routing: RegionRouting;
  nowMs: number;
  maxClockSkewMs: number;
}

export interface FareWrite {
  history: HistoryRow;
  current: CurrentFare;
}

/**
 * What one fare observation writes to each store. Throws RejectedMessageError (nothing written)
 * when the message is consistent with its schema but not with itself or our configuration.
 */
export function planFareWrite(message: FareObservation, policy: WritePolicy): FareWrite {
  const departureDate = checkFlightId(message);
  if (message.price.startsWith('-')) {
    throw new RejectedMessageError('NEGATIVE_PRICE', 'price', `must not be negative (got ${message.price})`);
  }
  assertNotInFuture('observedAt', message.observedAt, policy.nowMs, policy.maxClockSkewMs);
  const region = policy.routing.regionOf(message.origin, 'origin');
  const history: HistoryRow = {
    observedAt: message.observedAt,
    observationId: message.observationId,
    kind: message.kind,
    flightId: message.flightId,
    carrier: message.carrier,
    flightNumber: message.flightNumber,
    origin: message.origin,
    destination: message.destination,
    departureDate,
    departureUtc: message.departureUtc,
    cabin: message.cabin,
    fareClass: message.fareClass,
    price: message.price,
    currency: message.currency,
    seatsAvailable: message.seatsAvailable,
    source: message.source,
  };
  const current: CurrentFare = {
    ...history,
    region,
    departureLocal: message.departureLocal,
    arrivalLocal: message.arrivalLocal,
    arrivalUtc: message.arrivalUtc,
    durationMinutes: message.durationMinutes,
    stops: message.stops,
    offerExpiresAt: message.offerExpiresAt,
    writeTimeMicros: toEpochMicros(message.observedAt),
  };
  return { history, current };
}

/** The flight id is the key in every table: it must say the same as the message's own fields. */
function checkFlightId(message: FareObservation): string {
  const key = parseFlightId(message.flightId);
  const expected = {
    carrier: message.carrier,
    flightNumber: message.flightNumber,
    origin: message.origin,
    destination: message.destination,
    departureDate: message.departureLocal.slice(0, 10),
  };
  const mismatch = (Object.keys(expected) as (keyof typeof expected)[]).find((name) => key?.[name] !== expected[name]);
  if (!key || mismatch) {
    throw new RejectedMessageError(
      'FLIGHT_ID_MISMATCH',
      'flightId',
      `${message.flightId} does not match the message's ${mismatch ?? 'fields'}`,
    );
  }
  return key.departureDate;
}
