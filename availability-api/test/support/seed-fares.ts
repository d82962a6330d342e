import {
  decodeFareOfferCell,
  encodeCheapestOffers,
  encodeFareOfferCell,
  pickCheapestOffers,
  type RegionStore,
  type SeatedOffer,
  toScaled,
} from '@fareflow/shared';
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
// In write order: cheapest_by_origin_day is derived from offers_by_origin_day.
const TABLES = ['fares_by_route', 'offers_by_origin_day', 'cheapest_by_origin_day'] as const;
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

/** Binds of the `offers_by_origin_day` upsert: the fare's offer and seats. */
function toOfferParams(fare: Fare): unknown[] {
  const offer = encodeFareOfferCell({
    carrier: fare.carrier,
    flightNumber: fare.flightNumber,
    fareClass: fare.fareClass,
    departureLocal: fare.departureLocal,
    departureUtc: new Date(fare.departureUtcMs).toISOString(),
    arrivalLocal: fare.arrivalLocal,
    arrivalUtc: new Date(fare.arrivalUtcMs).toISOString(),
    durationMinutes: fare.durationMinutes,
    stops: fare.stops,
    price: fare.price,
    currency: fare.currency,
    observedAt: new Date(fare.observedAtMs).toISOString(),
  });
  const date = types.LocalDate.fromString(fare.departureDate);
  return [offer, fare.seatsAvailable, fare.origin, date, fare.destination, fare.flightId, fare.cabin];
}

function insertCql(keyspace: string, table: FareTable): string {
  if (table === 'offers_by_origin_day') {
    return `UPDATE ${keyspace}.${table} SET offer = ?, seats_available = ?
      WHERE origin = ? AND departure_date = ? AND destination = ? AND flight_id = ? AND cabin = ?`;
  }
  return `INSERT INTO ${keyspace}.${table} (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;
}

/**
 * Recomputes the `cheapest_by_origin_day` rows of the fares' route-days from what
 * `offers_by_origin_day` holds, as the aggregator does after its writes.
 */
async function refreshCheapest(store: RegionStore, fares: Fare[], concurrencyLevel: number): Promise<void> {
  const routeDays = new Map(fares.map((fare) => [`${fare.origin}|${fare.departureDate}|${fare.destination}`, fare]));
  const read = `SELECT flight_id, cabin, offer, seats_available FROM ${store.keyspace}.offers_by_origin_day
    WHERE origin = ? AND departure_date = ? AND destination = ?`;
  const params: unknown[][] = [];
  for (const fare of routeDays.values()) {
    const key = [fare.origin, types.LocalDate.fromString(fare.departureDate), fare.destination];
    const rows = (await store.client.execute(read, key, { prepare: true, fetchSize: 5_000 })).rows;
    const offers = rows.flatMap((row): SeatedOffer[] => {
      const cell = decodeFareOfferCell(String(row['offer']));
      const seatsAvailable = (row['seats_available'] as number | null) ?? 0;
      return cell ? [{ ...cell, flightId: String(row['flight_id']), cabin: String(row['cabin']), seatsAvailable }] : [];
    });
    params.push([encodeCheapestOffers(pickCheapestOffers(offers)), ...key]);
  }
  const write = `UPDATE ${store.keyspace}.cheapest_by_origin_day SET cheapest = ?
    WHERE origin = ? AND departure_date = ? AND destination = ?`;
  await concurrent.executeConcurrent(store.client, write, params, { concurrencyLevel, raiseOnFirstError: true });
}

/** Writes fares into the current-fare tables, as the aggregator would (test and benchmark fixture). */
export async function seedFares(
  store: RegionStore,
  fares: Fare[],
  options: { concurrencyLevel?: number; tables?: readonly FareTable[] } = {},
): Promise<void> {
  const concurrencyLevel = options.concurrencyLevel ?? 64;
  for (const table of options.tables ?? TABLES) {
    if (table === 'cheapest_by_origin_day') {
      await refreshCheapest(store, fares, concurrencyLevel);
      continue;
    }
    const params = fares.map(table === 'offers_by_origin_day' ? toOfferParams : toParams);
    await concurrent.executeConcurrent(store.client, insertCql(store.keyspace, table), params, {
      concurrencyLevel,
      raiseOnFirstError: true,
    });
  }
}

/** Changes the price and seats of one fare in every table (what a new observation does). */
export async function updateFare(store: RegionStore, fare: Fare, price: string, seatsAvailable: number): Promise<void> {
  await seedFares(store, [{ ...fare, price, priceScaled: toScaled(price), seatsAvailable, observedAtMs: Date.now() }]);
}
