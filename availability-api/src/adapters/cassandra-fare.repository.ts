import {
  type Cabin,
  cabin as cabinSchema,
  DECIMAL_PATTERN,
  type Logger,
  type RegionStore,
  toScaled,
} from '@fareflow/shared';
import type { types } from 'cassandra-driver';

import type { Fare, FareReader } from '../domain/fare';
import type { StoreGuard } from './store-guard';

const COLUMNS = `origin, destination, departure_date, flight_id, cabin, carrier, flight_number, departure_local,
  departure_utc, arrival_local, arrival_utc, duration_minutes, stops, fare_class, price, currency, seats_available,
  observed_at`;

type Row = types.Row;

/**
 * Reads current fares from a region keyspace (aggregator/cql/001_current_fares.cql). Rows that
 * are not a complete, sane fare (e.g. seats written before the first price) are skipped.
 */
export function createCassandraFareReader(store: RegionStore, guard: StoreGuard, logger: Logger): FareReader {
  const { client, keyspace } = store;
  const routeCql = `SELECT ${COLUMNS} FROM ${keyspace}.fares_by_route
    WHERE origin = ? AND destination = ? AND departure_date >= ? AND departure_date <= ?`;
  const originCql = `SELECT ${COLUMNS} FROM ${keyspace}.fares_by_origin WHERE origin = ? AND departure_date = ?`;

  const readAll = async (cql: string, params: unknown[]): Promise<Row[]> => {
    const rows: Row[] = [];
    let pageState: string | undefined;
    do {
      const result = await client.execute(cql, params, { prepare: true, fetchSize: 5_000, pageState });
      rows.push(...result.rows);
      pageState = result.pageState ?? undefined;
    } while (pageState);
    return rows;
  };

  const toFares = (rows: Row[]): Fare[] => {
    const fares: Fare[] = [];
    for (const row of rows) {
      const fare = rowToFare(row);
      if (fare) {
        fares.push(fare);
      } else {
        logger.debug({ flightId: row['flight_id'] as unknown }, 'skipped incomplete fare row');
      }
    }
    return fares;
  };

  return {
    async findRouteFares(origin, destination, fromDate, toDate) {
      const rows = await guard('findRouteFares', () => readAll(routeCql, [origin, destination, fromDate, toDate]));
      return toFares(rows);
    },
    async findOriginFares(origin, date) {
      return toFares(await guard('findOriginFares', () => readAll(originCql, [origin, date])));
    },
  };
}

/** Row -> domain fare; `undefined` when a column the API needs is missing or malformed. */
export function rowToFare(row: Row): Fare | undefined {
  const price = row['price'] as types.BigDecimal | null;
  const priceText = price?.toString();
  const departureUtc = row['departure_utc'] as Date | null;
  const arrivalUtc = row['arrival_utc'] as Date | null;
  const cabin = cabinSchema.safeParse(row['cabin']);
  const texts = ['flight_id', 'carrier', 'flight_number', 'departure_local', 'arrival_local', 'fare_class', 'currency'];
  if (
    !priceText ||
    !DECIMAL_PATTERN.test(priceText) ||
    priceText.startsWith('-') ||
    !departureUtc ||
    !arrivalUtc ||
    !cabin.success ||
    texts.some((column) => typeof row[column] !== 'string')
  ) {
    return undefined;
  }
  return {
    flightId: row['flight_id'] as string,
    carrier: row['carrier'] as string,
    flightNumber: row['flight_number'] as string,
    origin: row['origin'] as string,
    destination: row['destination'] as string,
    departureDate: String(row['departure_date']),
    cabin: cabin.data as Cabin,
    fareClass: row['fare_class'] as string,
    departureLocal: row['departure_local'] as string,
    departureUtcMs: departureUtc.getTime(),
    arrivalLocal: row['arrival_local'] as string,
    arrivalUtcMs: arrivalUtc.getTime(),
    durationMinutes: (row['duration_minutes'] as number | null) ?? 0,
    stops: (row['stops'] as number | null) ?? 0,
    price: priceText,
    priceScaled: toScaled(priceText),
    currency: row['currency'] as string,
    seatsAvailable: (row['seats_available'] as number | null) ?? 0,
    observedAtMs: (row['observed_at'] as Date | null)?.getTime() ?? 0,
  };
}
