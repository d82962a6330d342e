import {
  decodeFareHistoryRow,
  type FareHistoryRow,
  normalizeAmount,
  type RegionStore,
  selectFareHistoryCql,
} from '@fareflow/shared';
import { TEST_AMQP_URL, TEST_DATABASE_URL } from '@fareflow/shared/test/support/test-resources';
import { types } from 'cassandra-driver';

import {
  createTestResources,
  startTestAggregator,
  type TestAggregator,
  type TestResources,
} from '../../../aggregator/test/support/aggregator-harness';
import { historyResponse } from '../../../availability-api/src/schemas/history';
import { buildTestApp, createBearer } from '../../../availability-api/test/support/test-app';
import { seedHistoryCommand, type SeedHistoryReport } from '../../src/commands/seed-history';

// Fresh keyspaces, a real aggregator and two replays on two shared cores.
jest.setTimeout(240_000);

interface DailyFare {
  origin: string;
  destination: string;
  departure_date: string;
  flight_id: string;
  cabin: string;
  day: string;
  price: string;
  seats_available: number;
  observed_at: Date;
}

let resources: TestResources;
let aggregator: TestAggregator;
const logs: string[] = [];

beforeAll(async () => {
  resources = await createTestResources();
  aggregator = await startTestAggregator(resources, { batchSize: 200 });
});

afterAll(async () => {
  await aggregator?.stop();
  await resources?.close();
});

const seed = (): Promise<SeedHistoryReport> =>
  seedHistoryCommand(
    {
      DATABASE_URL: TEST_DATABASE_URL,
      PG_SCHEMA: resources.db.schema,
      AMQP_URL: TEST_AMQP_URL,
      AMQP_PREFIX: resources.amqpPrefix,
      SIMULATOR_FLIGHTS_PER_DAY: '40',
      SIMULATOR_MAX_ROUTES: '20',
    },
    { days: 3, horizonDays: 3, shouldWait: true, showProgress: false, log: (line) => logs.push(line) },
  );

async function historyCounts(): Promise<{ rows: number; ids: number }> {
  const { rows } = await resources.db.pool.query<{ rows: string; ids: string }>(
    'SELECT count(*) AS rows, count(DISTINCT observation_id) AS ids FROM price_observations',
  );
  return { rows: Number(rows[0]?.rows), ids: Number(rows[0]?.ids) };
}

/** The last observation per flight, cabin and UTC day in PostgreSQL, for flights departing after `afterMs`. */
async function dailyFares(afterMs: number): Promise<DailyFare[]> {
  const { rows } = await resources.db.pool.query<DailyFare>(
    `SELECT DISTINCT ON (flight_id, cabin, (observed_at AT TIME ZONE 'UTC')::date)
            origin, destination, departure_date::text AS departure_date, flight_id, cabin,
            (observed_at AT TIME ZONE 'UTC')::date::text AS day, price::text AS price, seats_available, observed_at
       FROM price_observations WHERE departure_utc > $1
      ORDER BY flight_id, cabin, (observed_at AT TIME ZONE 'UTC')::date, observed_at DESC`,
    [new Date(afterMs)],
  );
  return rows;
}

async function readModel(store: RegionStore, key: { origin: string; destination: string; departureDate: string }) {
  const result = await store.client.execute(
    selectFareHistoryCql(store.keyspace, false),
    [key.origin, key.destination, types.LocalDate.fromString(key.departureDate)],
    { prepare: true },
  );
  return result.rows.flatMap((row) => decodeFareHistoryRow(key, row) ?? []);
}

const line = (fare: { flightId: string; cabin: string; day: string; price: string; seats: number }) =>
  `${fare.flightId} ${fare.cabin} ${fare.day} ${normalizeAmount(fare.price)} ${fare.seats}`;

describe('fareflow seed-history', () => {
  it('replays the simulator through ingest, RabbitMQ and the aggregator; a second run stores nothing twice', async () => {
    const first = await seed();
    expect(first.instants).toHaveLength(3);
    expect(first.published).toBeGreaterThan(200);
    expect(first.stored).toBe(first.published);
    expect(first.changes + first.heartbeats).toBe(first.published);
    const afterFirst = await historyCounts();
    expect(afterFirst).toEqual({ rows: first.published, ids: first.published });
    const { rows: instants } = await resources.db.pool.query<{ at: Date }>(
      'SELECT DISTINCT observed_at AS at FROM price_observations ORDER BY 1',
    );
    expect(instants.map((row) => row.at.toISOString())).toEqual(first.instants);

    // The read model holds, per departure still stored, the last fare of each flight, cabin and day.
    const nowMs = Date.now();
    const fares = await dailyFares(nowMs);
    const partitions = new Map<string, DailyFare[]>();
    for (const fare of fares) {
      const key = `${fare.origin}|${fare.destination}|${fare.departure_date}`;
      partitions.set(key, [...(partitions.get(key) ?? []), fare]);
    }
    expect(partitions.size).toBeGreaterThan(3);
    const readModelBefore = new Map<string, FareHistoryRow[]>();
    for (const [key, expected] of partitions) {
      const [origin = '', destination = '', departureDate = ''] = key.split('|');
      const region = resources.router.regionOfAirport(origin);
      const stored = await readModel(resources.keyspaces.store(region), { origin, destination, departureDate });
      readModelBefore.set(key, stored);
      const storedLines = stored.map((row) => line({ ...row, day: row.observedOn, seats: row.seatsAvailable })).sort();
      const expectedLines = expected
        .map((fare) =>
          line({
            flightId: fare.flight_id,
            cabin: fare.cabin,
            day: fare.day,
            price: fare.price,
            seats: fare.seats_available,
          }),
        )
        .sort();
      expect(storedLines).toEqual(expectedLines);
    }

    // Through the API: a us departure still on sale, as /v1/history serves it.
    const usKey = [...partitions.keys()].find(
      (key) => resources.router.regionOfAirport(key.split('|')[0] ?? '') === 'us',
    );
    expect(usKey).toBeDefined();
    const [origin, destination, date] = (usKey ?? '').split('|');
    const app = await buildTestApp({ store: resources.keyspaces.store('us'), db: resources.db.pool, now: () => nowMs });
    try {
      const authorization = await createBearer(resources.db.pool, 'seed-reader');
      const response = await app.inject({
        url: `/v1/history?origin=${origin}&destination=${destination}&date=${date}`,
        headers: { authorization },
      });
      expect(response.statusCode).toBe(200);
      const history = historyResponse.parse(response.json());
      const bookable = (partitions.get(usKey ?? '') ?? []).filter((fare) => fare.seats_available > 0);
      const served = history.series.flatMap((series) =>
        series.flights.flatMap((flight) =>
          flight.points.map((point) => `${flight.flightId} ${series.cabin} ${point.observedOn} ${point.price}`),
        ),
      );
      expect(served.sort()).toEqual(
        bookable.map((fare) => `${fare.flight_id} ${fare.cabin} ${fare.day} ${normalizeAmount(fare.price)}`).sort(),
      );
      expect(history.series.every((series) => series.days.length > 0)).toBe(true);
    } finally {
      await app.close();
    }

    // Twice: the same observations again, nothing doubled anywhere.
    const second = await seed();
    expect(second.published).toBe(first.published);
    expect(second.instants).toEqual(first.instants);
    await waitForCommitted(2 * first.published);
    expect(await historyCounts()).toEqual(afterFirst);
    for (const [key, before] of readModelBefore) {
      const [o = '', d = '', departureDate = ''] = key.split('|');
      const after = await readModel(resources.keyspaces.store(resources.router.regionOfAirport(o)), {
        origin: o,
        destination: d,
        departureDate,
      });
      expect(after).toEqual(before);
    }
    expect(logs.some((entry) => entry.includes('stored in history'))).toBe(true);
  });
});

/** The second run's messages are already in history, so wait until the aggregator has committed them too. */
async function waitForCommitted(count: number): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (aggregator.metrics.committed.length < count) {
    if (Date.now() > deadline) {
      throw new Error(`only ${aggregator.metrics.committed.length} of ${count} messages committed`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
