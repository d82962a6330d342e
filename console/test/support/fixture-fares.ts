import { type Cabin, type FareHistoryRow, formatFlightId, toScaled } from '@fareflow/shared';

import type { Fare } from '../../../availability-api/src/domain/fare';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

/** Winter offsets of the fixture's airports (the API shows times as stored; the fixture only needs them consistent). */
const OFFSET_MINUTES: Record<string, number> = { JFK: -300, LAX: -480, BOS: -300, CDG: 60, FCO: 60 };

function localIso(utcMs: number, airport: string): string {
  const offset = OFFSET_MINUTES[airport] ?? 0;
  const local = new Date(utcMs + offset * MINUTE_MS).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
  return `${local}${sign}${hours}:${minutes}`;
}

export interface FareSpec {
  carrier: string;
  flightNumber: string;
  origin: string;
  destination: string;
  departureUtcMs: number;
  durationMinutes: number;
  cabin?: Cabin;
  price: string;
  currency?: string;
  seats?: number;
}

/** A current fare as the aggregator stores it, with local times in the airports' own offsets. */
export function fareOf(spec: FareSpec): Fare {
  const departureLocal = localIso(spec.departureUtcMs, spec.origin);
  const departureDate = departureLocal.slice(0, 10);
  const arrivalUtcMs = spec.departureUtcMs + spec.durationMinutes * MINUTE_MS;
  return {
    flightId: formatFlightId({
      carrier: spec.carrier,
      flightNumber: spec.flightNumber,
      departureDate,
      origin: spec.origin,
      destination: spec.destination,
    }),
    carrier: spec.carrier,
    flightNumber: spec.flightNumber,
    origin: spec.origin,
    destination: spec.destination,
    departureDate,
    cabin: spec.cabin ?? 'ECONOMY',
    fareClass: 'Y',
    departureLocal,
    departureUtcMs: spec.departureUtcMs,
    arrivalLocal: localIso(arrivalUtcMs, spec.destination),
    arrivalUtcMs,
    durationMinutes: spec.durationMinutes,
    stops: 0,
    price: spec.price,
    priceScaled: toScaled(spec.price),
    currency: spec.currency ?? 'USD',
    seatsAvailable: spec.seats ?? 9,
    observedAtMs: Date.now(),
  };
}

/** The fixture's travel day: 30 days ahead, at 00:00 UTC. */
export function travelDayUtcMs(nowMs = Date.now()): number {
  return Math.floor(nowMs / DAY_MS) * DAY_MS + 30 * DAY_MS;
}

export interface Fixture {
  /** Local departure day of the JFK-LAX flights (`YYYY-MM-DD`). */
  day: string;
  fares: Fare[];
}

/**
 * JFK-LAX on the travel day (three economy fares, one business), the same route on the next days
 * (for the calendar), and CDG-FCO (the eu region: searched through the us API's 307).
 */
export function buildFixture(): Fixture {
  const base = travelDayUtcMs() + 14 * 60 * MINUTE_MS;
  const route = (flightNumber: string, hours: number, price: string, cabin: Cabin = 'ECONOMY', seats = 9) =>
    fareOf({
      carrier: 'AA',
      flightNumber,
      origin: 'JFK',
      destination: 'LAX',
      departureUtcMs: base + hours * 60 * MINUTE_MS,
      durationMinutes: 385,
      cabin,
      price,
      seats,
    });
  const fares = [
    route('100', 0, '219.00'),
    route('102', 3, '189.50', 'ECONOMY', 4),
    route('104', 6, '249.90'),
    route('100', 0, '899.00', 'BUSINESS', 2),
    ...[1, 2, 3, 5].map((days, index) => route(String(110 + index), days * 24, `${170 + index * 15}.00`)),
    fareOf({
      carrier: 'AF',
      flightNumber: '1404',
      origin: 'CDG',
      destination: 'FCO',
      departureUtcMs: base,
      durationMinutes: 125,
      price: '89.00',
      currency: 'EUR',
    }),
  ];
  return { day: fares[0]?.departureDate ?? '', fares };
}

/** JFK-BOS leaving just after the sales cut-off: its offer expires `expiresInMs` from now. */
export function expiringFare(salesCutoffMs: number, expiresInMs: number): Fare {
  return fareOf({
    carrier: 'B6',
    flightNumber: '9',
    origin: 'JFK',
    destination: 'BOS',
    departureUtcMs: Date.now() + salesCutoffMs + expiresInMs,
    durationMinutes: 75,
    price: '79.00',
  });
}

/**
 * What the aggregator kept of the travel day's JFK-LAX fares: each flight's fare on each of the
 * last `days` UTC days (cheaper further back), in the shared `fare_history_by_route_day` contract.
 */
export function historyOf(fares: readonly Fare[], day: string, days = 6): FareHistoryRow[] {
  const today = Math.floor(Date.now() / (24 * 60 * MINUTE_MS)) * 24 * 60 * MINUTE_MS;
  const flights = fares.filter(
    (fare) => fare.origin === 'JFK' && fare.destination === 'LAX' && fare.departureDate === day,
  );
  return flights.flatMap((fare) =>
    Array.from({ length: days }, (_, index) => {
      const ago = days - 1 - index;
      const observedAt = new Date(today - ago * 24 * 60 * MINUTE_MS + 12 * 60 * MINUTE_MS).toISOString();
      const price = (Number(fare.price) - ago * 7.25 + (index % 2) * 4).toFixed(2);
      return {
        origin: fare.origin,
        destination: fare.destination,
        departureDate: fare.departureDate,
        cabin: fare.cabin,
        observedOn: observedAt.slice(0, 10),
        flightId: fare.flightId,
        price,
        currency: fare.currency,
        seatsAvailable: fare.seatsAvailable,
        departureUtc: new Date(fare.departureUtcMs).toISOString(),
        observedAt,
      };
    }),
  );
}
