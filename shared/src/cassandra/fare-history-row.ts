import { types } from 'cassandra-driver';

import { DECIMAL_PATTERN } from '../domain/money';
import { type Cabin, cabin as cabinSchema } from '../messages/primitives';

/**
 * The rows of `fare_history_by_route_day` (aggregator/cql/004_fare_history.cql): per route, local
 * departure day, cabin, UTC observation day and flight, the flight's last fare of that day. The
 * aggregator writes them, the availability API reads them, tests seed them: this module is the
 * contract between them (columns, bind order, decoding). Money is an exact decimal string.
 */
export interface FareHistoryRow {
  origin: string;
  destination: string;
  /** Local departure day at the origin, `YYYY-MM-DD`. */
  departureDate: string;
  cabin: Cabin;
  /** UTC day of the observation, `YYYY-MM-DD` (the predictor's daily fares use the same day). */
  observedOn: string;
  flightId: string;
  price: string;
  currency: string;
  seatsAvailable: number;
  /** ISO 8601. */
  departureUtc: string;
  /** ISO 8601: the observation this row holds (the latest of its day). */
  observedAt: string;
}

export const FARE_HISTORY_TABLE = 'fare_history_by_route_day';

/** The UTC day of an ISO 8601 instant. */
export const observedOnOf = (observedAt: string): string => new Date(observedAt).toISOString().slice(0, 10);

/**
 * Upsert of one row, timestamped with the observation time (µs) and a TTL. Binds, in order:
 * `fareHistoryBinds(row, writeTimeMicros, ttlSeconds)`.
 */
export function upsertFareHistoryCql(keyspace: string): string {
  return `UPDATE ${keyspace}.${FARE_HISTORY_TABLE} USING TIMESTAMP ? AND TTL ?
    SET price = ?, currency = ?, seats_available = ?, departure_utc = ?, observed_at = ?
    WHERE origin = ? AND destination = ? AND departure_date = ? AND cabin = ? AND observed_on = ? AND flight_id = ?`;
}

export function fareHistoryBinds(row: FareHistoryRow, writeTimeMicros: number, ttlSeconds: number): unknown[] {
  return [
    writeTimeMicros,
    ttlSeconds,
    types.BigDecimal.fromString(row.price),
    row.currency,
    row.seatsAvailable,
    new Date(row.departureUtc),
    new Date(row.observedAt),
    row.origin,
    row.destination,
    types.LocalDate.fromString(row.departureDate),
    row.cabin,
    types.LocalDate.fromString(row.observedOn),
    row.flightId,
  ];
}

const READ_COLUMNS = 'cabin, observed_on, flight_id, price, currency, seats_available, departure_utc, observed_at';

/**
 * One departure's history, cabins and days ascending (the clustering order). Binds: origin,
 * destination, departure date (`LocalDate`), and the cabin when `isByCabin`.
 */
export function selectFareHistoryCql(keyspace: string, isByCabin: boolean): string {
  return `SELECT ${READ_COLUMNS} FROM ${keyspace}.${FARE_HISTORY_TABLE}
    WHERE origin = ? AND destination = ? AND departure_date = ?${isByCabin ? ' AND cabin = ?' : ''}`;
}

/** A row read with `selectFareHistoryCql`, or undefined when it is not complete (skipped by readers). */
export function decodeFareHistoryRow(
  key: { origin: string; destination: string; departureDate: string },
  row: types.Row,
): FareHistoryRow | undefined {
  const cabin = cabinSchema.safeParse(row['cabin']);
  const price = row['price'] === null || row['price'] === undefined ? undefined : String(row['price']);
  const currency = row['currency'] as string | null;
  const seats = row['seats_available'] as number | null;
  const departureUtc = row['departure_utc'] as Date | null;
  const observedAt = row['observed_at'] as Date | null;
  if (
    !cabin.success ||
    price === undefined ||
    !DECIMAL_PATTERN.test(price) ||
    !currency ||
    seats === null ||
    !departureUtc ||
    !observedAt
  ) {
    return undefined;
  }
  return {
    ...key,
    cabin: cabin.data,
    observedOn: String(row['observed_on'] as types.LocalDate),
    flightId: row['flight_id'] as string,
    price,
    currency,
    seatsAvailable: seats,
    departureUtc: departureUtc.toISOString(),
    observedAt: observedAt.toISOString(),
  };
}
