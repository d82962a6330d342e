import { type Cabin, formatFlightId, toScaled } from '@fareflow/shared';

import type { Fare } from '../../src/domain/fare';

export interface FareSpec {
  carrier?: string;
  flightNumber?: string;
  origin: string;
  destination: string;
  /** UTC departure `YYYY-MM-DDTHH:MM`; the local date is taken as the same day. */
  departs: string;
  durationMinutes?: number;
  cabin?: Cabin;
  price?: string;
  currency?: string;
  seatsAvailable?: number;
}

/** A complete domain fare from a few fields (times in UTC, local = UTC for simplicity). */
export function buildFare(spec: FareSpec): Fare {
  const carrier = spec.carrier ?? 'LH';
  const flightNumber = spec.flightNumber ?? '400';
  const departureUtcMs = Date.parse(`${spec.departs}:00Z`);
  const durationMinutes = spec.durationMinutes ?? 90;
  const arrivalUtcMs = departureUtcMs + durationMinutes * 60_000;
  const departureDate = spec.departs.slice(0, 10);
  return {
    flightId: formatFlightId({
      carrier,
      flightNumber,
      departureDate,
      origin: spec.origin,
      destination: spec.destination,
    }),
    carrier,
    flightNumber,
    origin: spec.origin,
    destination: spec.destination,
    departureDate,
    cabin: spec.cabin ?? 'ECONOMY',
    fareClass: 'Y',
    departureLocal: new Date(departureUtcMs).toISOString().replace('.000Z', '+00:00'),
    departureUtcMs,
    arrivalLocal: new Date(arrivalUtcMs).toISOString().replace('.000Z', '+00:00'),
    arrivalUtcMs,
    durationMinutes,
    stops: 0,
    price: spec.price ?? '100.00',
    priceScaled: toScaled(spec.price ?? '100.00'),
    currency: spec.currency ?? 'EUR',
    seatsAvailable: spec.seatsAvailable ?? 9,
    observedAtMs: Date.parse('2026-01-01T00:00:00Z'),
  };
}
