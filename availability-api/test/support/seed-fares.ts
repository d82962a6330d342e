import { type RegionStore, toScaled } from '@fareflow/shared';
import { concurrent, types } from 'cassandra-driver';

import type { Fare } from '../../src/domain/fare';

const COLUMNS = [
  'origin',
  'destination',
  'departure_date',
  'flight_id',
  'cabin',
  'carrier',
  'flight_number',
  'departure_local',
  'departure_utc',
  'arrival_local',
  'arrival_utc',
  'duration_minutes',
  'stops',
  'fare_class',
  'price',
  'currency',
  'seats_available',
  'observed_at',
  'source',
];
const TABLES = ['fares_by_route', 'fares_by_origin', 'fares_by_flight'] as const;
export type FareTable = (typeof TABLES)[number];

function toParams(fare: Fare): unknown[] {
  return [
    fare.origin,
    fare.destination,
    types.LocalDate.fromString(fare.departureDate),
    fare.flightId,
    fare.cabin,
    fare.carrier,
    fare.flightNumber,
    fare.departureLocal,
    new Date(fare.departureUtcMs),
    fare.arrivalLocal,
    new Date(fare.arrivalUtcMs),
    fare.durationMinutes,
    fare.stops,
    fare.fareClass,
    types.BigDecimal.fromString(fare.price),
    fare.currency,
    fare.seatsAvailable,
    new Date(fare.observedAtMs),
    'test',
  ];
}

/** Writes fares into the three current-fare tables, as the aggregator would (test and benchmark fixture). */
export async function seedFares(
  store: RegionStore,
  fares: Fare[],
  options: { concurrencyLevel?: number; tables?: readonly FareTable[] } = {},
): Promise<void> {
  const params = fares.map(toParams);
  const concurrencyLevel = options.concurrencyLevel ?? 64;
  for (const table of options.tables ?? TABLES) {
    const cql = `INSERT INTO ${store.keyspace}.${table} (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;
    await concurrent.executeConcurrent(store.client, cql, params, { concurrencyLevel, raiseOnFirstError: true });
  }
}

/** Changes the price and seats of one fare in every table (what a new observation does). */
export async function updateFare(store: RegionStore, fare: Fare, price: string, seatsAvailable: number): Promise<void> {
  await seedFares(store, [{ ...fare, price, priceScaled: toScaled(price), seatsAvailable, observedAtMs: Date.now() }]);
}
