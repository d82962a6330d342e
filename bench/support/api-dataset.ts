/**
 * The data set of `npm run bench -- api` and the queries it loads the API with: 40 airports of the us
 * region over 14 departure days, and the URLs of each kind of search (fares, filtered, 3 stops,
 * history, destinations) over it. Deterministic, so every run loads the same queries.
 */
import { fareHistoryBinds, type FareHistoryRow, type RegionStore, upsertFareHistoryCql } from '@fareflow/shared';
import { concurrent } from 'cassandra-driver';

import type { Fare } from '../../availability-api/src/domain/fare';
import { buildFare } from '../../availability-api/test/support/fare-builder';

// 40 airports of the us region, 14 departure days. Flight i leaves airport i % 40 on day i % 14, so
// only 280 of the 560 origin-days have flights (even airports on even days, odd on odd), each about
// 357 to 39 destinations; the 200 fares searches find about 9 flights each.
export const AIRPORTS = [
  'ATL',
  'BOS',
  'ORD',
  'DFW',
  'DEN',
  'JFK',
  'LAX',
  'MIA',
  'SEA',
  'SFO',
  'PHX',
  'IAH',
  'LAS',
  'MCO',
  'EWR',
  'MSP',
  'DTW',
  'PHL',
  'LGA',
  'CLT',
  'BWI',
  'SLC',
  'SAN',
  'TPA',
  'PDX',
  'STL',
  'MSY',
  'AUS',
  'BNA',
  'MDW',
  'DAL',
  'OAK',
  'SJC',
  'RDU',
  'MCI',
  'SMF',
  'SNA',
  'CLE',
  'PIT',
  'IND',
];
export const DAYS = 14;
// Two days ahead: every seeded flight is still on sale (outside the sales cut-off) while the bench runs.
const FIRST_DAY = Date.parse(`${new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10)}T00:00:00Z`);

export function dataset(flights: number): Fare[] {
  return Array.from({ length: flights }, (_unused, index) => {
    const origin = AIRPORTS[index % AIRPORTS.length] ?? 'ATL';
    const hop = 1 + (Math.floor(index / AIRPORTS.length) % (AIRPORTS.length - 1));
    const destination = AIRPORTS[(index + hop) % AIRPORTS.length] ?? 'BOS';
    const departs = new Date(FIRST_DAY + (index % DAYS) * 86_400_000 + ((index * 7) % 1_080) * 60_000);
    return buildFare({
      carrier: 'FF',
      flightNumber: String(index % 10_000),
      origin,
      destination,
      departs: departs.toISOString().slice(0, 16),
      durationMinutes: 60 + (index % 300),
      price: `${49 + (index % 700)}.${String(index % 100).padStart(2, '0')}`,
      currency: 'USD',
    });
  });
}

function day(offset: number): string {
  return new Date(FIRST_DAY + offset * 86_400_000).toISOString().slice(0, 10);
}

/** 200 distinct fares searches and 40 destination searches (one per origin), cycled by autocannon. */
export function fareUrls(): string[] {
  return Array.from({ length: 200 }, (_unused, index) => {
    const origin = AIRPORTS[index % AIRPORTS.length] ?? 'ATL';
    const destination = AIRPORTS[(index + 1 + (index % 7)) % AIRPORTS.length] ?? 'BOS';
    return `/v1/fares?origin=${origin}&destination=${destination}&date=${day(index % DAYS)}`;
  });
}
/** The same 200 fares searches, filtered: one airline, a party of two, a price cap, sorted by arrival. */
export function filteredFareUrls(): string[] {
  return fareUrls().map((url) => `${url}&carriers=FF&passengers=2&maxPrice=400&sort=arrival`);
}
/** 40 searches (one per origin) with up to three stops: the bounded search at its widest. */
export function threeStopUrls(): string[] {
  return AIRPORTS.map((origin, index) => {
    const destination = AIRPORTS[(index + 11) % AIRPORTS.length] ?? 'BOS';
    return `/v1/fares?origin=${origin}&destination=${destination}&date=${day(index % DAYS)}&maxStops=3`;
  });
}
/** The price histories of the 200 fares searches' route-days (`/v1/history`, every cabin). */
export function historyUrls(): string[] {
  return fareUrls().map((url) => url.replace('/v1/fares?', '/v1/history?'));
}

export const HISTORY_DAYS = 60;
const GRACE_MS = 6 * 3_600_000;

/**
 * `fare_history_by_route_day` for the route-days of `historyUrls`: each of their flights' fare on each
 * of the `HISTORY_DAYS` days before the first departure day (what 60 days of scraping leave behind).
 */
export async function seedHistory(store: RegionStore, fares: readonly Fare[]): Promise<number> {
  const wanted = new Set(
    historyUrls().map((url) => {
      const query = new URLSearchParams(url.slice(url.indexOf('?') + 1));
      return `${query.get('origin')}|${query.get('destination')}|${query.get('date')}`;
    }),
  );
  const rows: FareHistoryRow[] = fares
    .filter((fare) => wanted.has(`${fare.origin}|${fare.destination}|${fare.departureDate}`))
    .flatMap((fare, index) =>
      Array.from({ length: HISTORY_DAYS }, (_unused, dayIndex) => {
        const observedOn = new Date(FIRST_DAY - (HISTORY_DAYS - dayIndex) * 86_400_000).toISOString().slice(0, 10);
        return {
          origin: fare.origin,
          destination: fare.destination,
          departureDate: fare.departureDate,
          cabin: fare.cabin,
          observedOn,
          flightId: fare.flightId,
          price: ((Number(fare.price) * (80 + ((dayIndex * 7 + index) % 40))) / 100).toFixed(2),
          currency: fare.currency,
          seatsAvailable: fare.seatsAvailable,
          departureUtc: new Date(fare.departureUtcMs).toISOString(),
          observedAt: `${observedOn}T12:00:00.000Z`,
        };
      }),
    );
  const query = upsertFareHistoryCql(store.keyspace);
  await concurrent.executeConcurrent(
    store.client,
    rows.map((row) => ({
      query,
      params: fareHistoryBinds(
        row,
        Date.parse(row.observedAt) * 1000,
        Math.ceil((Date.parse(row.departureUtc) + GRACE_MS - Date.now()) / 1000),
      ),
    })),
    { concurrencyLevel: 256, raiseOnFirstError: true },
  );
  return rows.length;
}

export function destinationUrls(): string[] {
  return AIRPORTS.map(
    (origin, index) => `/v1/destinations?origin=${origin}&from=${day(index % 7)}&to=${day((index % 7) + 6)}`,
  );
}
