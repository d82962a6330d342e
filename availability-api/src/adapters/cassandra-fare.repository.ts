import { cabin as cabinSchema, DECIMAL_PATTERN, type Logger, type RegionStore, toScaled } from '@fareflow/shared';
import type { types } from 'cassandra-driver';

import { eachDay } from '../domain/calendar';
import type { Fare, FareReader } from '../domain/fare';
import { cheapestRowToFares, offerRowToFare } from './offer-row.mapper';
import type { StoreGuard } from './store-guard';

// The partition key (origin, destination) is known to the caller: not selected.
const ROUTE_COLUMNS = `departure_date, flight_id, cabin, carrier, flight_number, departure_local, departure_utc,
  arrival_local, arrival_utc, duration_minutes, stops, fare_class, price, currency, seats_available, observed_at, offer_expires_at`;

type Row = types.Row;

/**
 * Reads current fares from a region keyspace. A route and one day, and an origin and one day, come
 * from the compact `offers_by_origin_day` (aggregator/cql/002_offers_by_origin_day.cql: a row of
 * two cells per flight and cabin); a route over several days from `fares_by_route` (one range
 * read). Entries and rows that are not a complete, sane fare (e.g. seats written before the
 * first price) are skipped. The cheapest fare per destination of an origin and day comes from
 * `cheapest_by_origin_day`, which the aggregator keeps (aggregator/cql/003_cheapest_by_origin_day.cql).
 */
export function createCassandraFareReader(store: RegionStore, guard: StoreGuard, logger: Logger): FareReader {
  const { client, keyspace } = store;
  const routeRangeCql = `SELECT ${ROUTE_COLUMNS} FROM ${keyspace}.fares_by_route
    WHERE origin = ? AND destination = ? AND departure_date >= ? AND departure_date <= ?`;
  const offerColumns = 'destination, flight_id, cabin, offer, seats_available';
  const routeDayCql = `SELECT ${offerColumns} FROM ${keyspace}.offers_by_origin_day
    WHERE origin = ? AND departure_date = ? AND destination = ?`;
  const originDayCql = `SELECT ${offerColumns} FROM ${keyspace}.offers_by_origin_day
    WHERE origin = ? AND departure_date = ?`;
  // One request for the whole window (at most 31 partitions of one node set): a request costs Cassandra more
  // than reading one more small partition.
  const cheapestCql = `SELECT departure_date, destination, cheapest FROM ${keyspace}.cheapest_by_origin_day
    WHERE origin = ? AND departure_date IN ?`;
  const skipped = (flightId: unknown) => logger.debug({ flightId }, 'skipped incomplete fare');

  const readAll = async (cql: string, params: unknown[]): Promise<Row[]> => {
    let result = await client.execute(cql, params, { prepare: true, fetchSize: 5_000 });
    const rows = result.rows;
    while (result.pageState) {
      result = await client.execute(cql, params, { prepare: true, fetchSize: 5_000, pageState: result.pageState });
      rows.push(...result.rows);
    }
    return rows;
  };

  const toFares = (rows: Row[], toFare: (row: Row) => Fare | undefined): Fare[] => {
    const fares: Fare[] = [];
    for (const row of rows) {
      const fare = toFare(row);
      if (fare) {
        fares.push(fare);
      } else {
        skipped(row['flight_id']);
      }
    }
    return fares;
  };

  return {
    findRouteFares(origin, destination, fromDate, toDate) {
      return guard('findRouteFares', async () =>
        fromDate === toDate
          ? toFares(await readAll(routeDayCql, [origin, fromDate, destination]), (row) =>
              offerRowToFare(row, origin, fromDate),
            )
          : toFares(await readAll(routeRangeCql, [origin, destination, fromDate, toDate]), (row) =>
              rowToFare(row, origin, destination),
            ),
      );
    },
    findCheapestFares(origin, fromDate, toDate) {
      return guard('findCheapestFares', async () => {
        const rows = await readAll(cheapestCql, [origin, eachDay(fromDate, toDate)]);
        return rows.flatMap((row) => cheapestRowToFares(row, origin, String(row['departure_date'])));
      });
    },
    findOriginFares(origin, date) {
      return guard('findOriginFares', async () =>
        toFares(await readAll(originDayCql, [origin, date]), (row) => offerRowToFare(row, origin, date)),
      );
    },
  };
}

const TEXT_COLUMNS = [
  'flight_id',
  'carrier',
  'flight_number',
  'departure_local',
  'arrival_local',
  'fare_class',
  'currency',
];

/** A `fares_by_route` row -> domain fare; `undefined` when a column the API needs is missing or malformed. */
export function rowToFare(row: Row, origin: string, destination: string): Fare | undefined {
  const price = row['price'] as types.BigDecimal | null;
  const priceText = price?.toString();
  const departureUtc = row['departure_utc'] as Date | null;
  const arrivalUtc = row['arrival_utc'] as Date | null;
  const cabin = cabinSchema.safeParse(row['cabin']);
  if (
    !priceText ||
    !DECIMAL_PATTERN.test(priceText) ||
    priceText.startsWith('-') ||
    !departureUtc ||
    !arrivalUtc ||
    !cabin.success ||
    TEXT_COLUMNS.some((column) => typeof row[column] !== 'string')
  ) {
    return undefined;
  }
  return {
    flightId: row['flight_id'] as string,
    carrier: row['carrier'] as string,
    flightNumber: row['flight_number'] as string,
    origin,
    destination,
    departureDate: String(row['departure_date']),
    cabin: cabin.data,
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
    ...(row['offer_expires_at'] instanceof Date ? { offerExpiresAtMs: row['offer_expires_at'].getTime() } : {}),
  };
}
