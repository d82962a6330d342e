import {
  decodeFareHistoryRow,
  type FareHistoryRow,
  type FareObservation,
  normalizeAmount,
  selectFareHistoryCql,
} from '@fareflow/shared';
import { types } from 'cassandra-driver';

import { createTestResources, startTestAggregator, type TestResources, waitFor } from '../support/aggregator-harness';
import { futureDate, makeFareObservation } from '../support/fare-fixtures';

// Fresh keyspaces mean schema agreement on two Cassandra nodes: slow on a busy 2-core machine.
jest.setTimeout(120_000);

const DAY = 86_400_000;
const DEPARTURE = futureDate(20);
const ROUTE = { origin: 'FRA', destination: 'CDG', departureDate: DEPARTURE };

let resources: TestResources;

beforeAll(async () => {
  resources = await createTestResources();
});

afterAll(async () => {
  await resources?.close();
});

/** An instant `daysAgo` days before today (UTC) at `hourUtc`. */
function at(daysAgo: number, hourUtc: number): string {
  const midnight = Date.parse(`${new Date(Date.now() - daysAgo * DAY).toISOString().slice(0, 10)}T00:00:00Z`);
  return new Date(midnight + hourUtc * 3_600_000).toISOString();
}

function observe(flightNumber: string, observedAt: string, price: string, extra: Partial<FareObservation> = {}) {
  return makeFareObservation(
    { origin: 'FRA', destination: 'CDG', flightNumber, departureDate: DEPARTURE },
    { observedAt, price, observationId: `test:${flightNumber}:${extra.cabin ?? 'ECONOMY'}:${observedAt}`, ...extra },
  );
}

async function readHistory(): Promise<FareHistoryRow[]> {
  const { client, keyspace } = resources.keyspaces.store('eu');
  const result = await client.execute(
    selectFareHistoryCql(keyspace, false),
    [ROUTE.origin, ROUTE.destination, types.LocalDate.fromString(DEPARTURE)],
    { prepare: true },
  );
  return result.rows.flatMap((row) => decodeFareHistoryRow(ROUTE, row) ?? []);
}

async function historyRows(): Promise<number> {
  const { rows } = await resources.db.pool.query<{ count: string }>('SELECT count(*) FROM price_observations');
  return Number(rows[0]?.count);
}

const brief = (rows: FareHistoryRow[]) =>
  rows.map(
    (row) =>
      `${row.cabin} ${row.observedOn} ${row.flightId.split('-')[0]} ${normalizeAmount(row.price)} ${row.seatsAvailable}`,
  );

describe('fare_history_by_route_day', () => {
  it("holds each flight's last fare per cabin and UTC day; replays and older messages change nothing", async () => {
    const running = await startTestAggregator(resources);
    try {
      const messages = [
        observe('400', at(3, 8), '100.00'),
        observe('400', at(3, 15), '120.50'), // later the same day: replaces 100.00
        observe('400', at(2, 9), '130.00'),
        observe('401', at(3, 10), '95.00'),
        observe('401', at(2, 10), '99.00', { seatsAvailable: 0 }), // sold out at the end of that day
        observe('400', at(2, 11), '480.00', { cabin: 'BUSINESS', fareClass: 'C' }),
      ];
      for (const message of messages) {
        await resources.publishFare(message, message.observationId);
      }
      await waitFor('six observations in history', async () => ((await historyRows()) >= 6 ? true : undefined));
      const [day3, day2] = [at(3, 0).slice(0, 10), at(2, 0).slice(0, 10)];
      const expected = [
        `BUSINESS ${day2} LH400 480.00 9`,
        `ECONOMY ${day3} LH400 120.50 9`,
        `ECONOMY ${day3} LH401 95.00 9`,
        `ECONOMY ${day2} LH400 130.00 9`,
        `ECONOMY ${day2} LH401 99.00 0`,
      ];
      const first = await readHistory();
      expect(brief(first)).toEqual(expected);
      const stored = first.find((row) => row.flightId.startsWith('LH400') && row.observedOn === day3);
      expect(stored?.observedAt).toBe(at(3, 15));
      expect(normalizeAmount(stored?.price ?? '0')).toBe('120.50');
      expect(stored?.currency).toBe('EUR');

      // Replays of every message, then an older observation of a day already held, then a newer one.
      for (const message of messages) {
        await resources.publishFare(message, message.observationId);
      }
      const older = observe('400', at(3, 12), '77.00');
      await resources.publishFare(older, older.observationId);
      const newer = observe('401', at(2, 20), '101.00');
      await resources.publishFare(newer, newer.observationId);
      // History keeps every distinct observation once: 6 + the older + the newer.
      await waitFor('eight observations in history', async () => ((await historyRows()) >= 8 ? true : undefined));
      await waitFor('the newer observation in the read model', async () => {
        const rows = await readHistory();
        return rows.some((row) => normalizeAmount(row.price) === '101.00') ? rows : undefined;
      });
      const after = await readHistory();
      expect(brief(after)).toEqual(expected.map((line) => line.replace('LH401 99.00 0', 'LH401 101.00 9')));
      expect(await historyRows()).toBe(8);
    } finally {
      await running.stop();
    }
  });

  it('lets its rows expire with the flight (TTL = departure + grace)', async () => {
    const { client, keyspace } = resources.keyspaces.store('eu');
    const result = await client.execute(
      `SELECT TTL(price) AS ttl FROM ${keyspace}.fare_history_by_route_day
        WHERE origin = ? AND destination = ? AND departure_date = ?`,
      [ROUTE.origin, ROUTE.destination, types.LocalDate.fromString(DEPARTURE)],
      { prepare: true },
    );
    const departureMs = Date.parse(`${DEPARTURE}T09:05:00Z`);
    const expectedTtl = (departureMs + 6 * 3_600_000 - Date.now()) / 1000;
    for (const row of result.rows) {
      expect(Math.abs(Number(row['ttl']) - expectedTtl)).toBeLessThan(300);
    }
    expect(result.rows.length).toBeGreaterThan(0);
  });
});
