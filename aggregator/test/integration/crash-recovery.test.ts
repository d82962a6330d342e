import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

import { repositoryRoot } from '@fareflow/shared';
import { TEST_AMQP_URL, TEST_DATABASE_URL } from '@fareflow/shared/test/support/test-resources';

import { createTestResources, type TestResources, waitFor } from '../support/aggregator-harness';
import { storedFares } from '../support/current-fare-reads';
import { futureDate, makeFareObservation } from '../support/fare-fixtures';

const MESSAGES = 50_000;
const FLIGHTS = 1_000;
const OBSERVATIONS_PER_FLIGHT = MESSAGES / FLIGHTS;
const ROUTES = [
  { origin: 'FRA', destination: 'JFK' },
  { origin: 'LAX', destination: 'NRT' },
];

// Fresh keyspaces mean schema agreement on two Cassandra nodes: slow on a busy 2-core machine.
jest.setTimeout(120_000);

let resources: TestResources;
let child: ChildProcess | undefined;

beforeAll(async () => {
  resources = await createTestResources();
});

afterAll(async () => {
  child?.kill('SIGKILL');
  await resources?.close();
});

/** The real process, as deployed: `node --import tsx aggregator/src/index.ts`, pointed at this file's resources. */
function spawnAggregator(): ChildProcess {
  const process_ = spawn(process.execPath, ['--import', 'tsx', 'aggregator/src/index.ts'], {
    cwd: repositoryRoot,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      PATH: process.env['PATH'],
      DATABASE_URL: TEST_DATABASE_URL,
      PG_SCHEMA: resources.db.schema,
      AMQP_URL: TEST_AMQP_URL,
      AMQP_PREFIX: resources.amqpPrefix,
      CASSANDRA_KEYSPACE_PREFIX: resources.keyspaces.prefix,
      METRICS_PORT: '0',
      LOG_LEVEL: 'error',
    },
  });
  return process_;
}

/** Observation `index` of flight `flight`: later observations of a flight are newer and cost more. */
function observation(flight: number, index: number, baseMs: number) {
  const route = ROUTES[flight % ROUTES.length] ?? ROUTES[0];
  return makeFareObservation(
    { ...route, carrier: 'ZZ', flightNumber: String(flight), departureDate: futureDate(22) },
    {
      observationId: `crash-${flight}-${index}`,
      observedAt: new Date(baseMs + index * 1000 + flight).toISOString(),
      price: `${100 + index}.00`,
    },
  );
}

async function historyCounts(): Promise<{ rows: number; distinct: number }> {
  const { rows } = await resources.db.pool.query<{ rows: string; distinct: string }>(
    'SELECT count(*) AS rows, count(DISTINCT observation_id) AS distinct FROM price_observations',
  );
  return { rows: Number(rows[0]?.rows), distinct: Number(rows[0]?.distinct) };
}

async function publishAll(baseMs: number): Promise<void> {
  const inFlight = new Set<Promise<void>>();
  for (let index = 0; index < OBSERVATIONS_PER_FLIGHT; index += 1) {
    for (let flight = 0; flight < FLIGHTS; flight += 1) {
      const message = observation(flight, index, baseMs);
      const sent = resources.publishFare(message, message.observationId).finally(() => inFlight.delete(sent));
      inFlight.add(sent);
      if (inFlight.size >= 500) {
        await Promise.race(inFlight);
      }
    }
  }
  await Promise.all(inFlight);
}

describe('SIGKILL of the aggregator in the middle of 50,000 messages', () => {
  it('loses none and duplicates none once it is restarted', async () => {
    const baseMs = Date.now() - 2 * 60 * 1000;
    child = spawnAggregator();
    const publishing = publishAll(baseMs);
    await waitFor(
      'a fifth of the messages',
      async () => ((await historyCounts()).rows >= MESSAGES / 5 ? true : undefined),
      120_000,
    );
    child.kill('SIGKILL');
    await once(child, 'exit');
    const atKill = await historyCounts();
    expect(atKill.rows).toBeLessThan(MESSAGES);

    await publishing;
    child = spawnAggregator();
    await waitFor('every message', async () => ((await historyCounts()).rows >= MESSAGES ? true : undefined), 240_000);
    child.kill('SIGTERM');
    expect((await once(child, 'exit'))[0]).toBe(0);
    child = undefined;

    expect(await historyCounts()).toEqual({ rows: MESSAGES, distinct: MESSAGES });
    for (const region of resources.router.regions) {
      expect(await resources.drainDeadLetters(resources.topology.queues.aggregatorFaresIn(region).name)).toEqual([]);
    }
    // Cassandra holds each flight's newest observation, whatever was replayed after the crash.
    const prices = new Map<string, string>();
    for (const region of ['us', 'eu']) {
      const fares = await storedFares(resources.keyspaces.store(region));
      fares.forEach((fare, flightId) => prices.set(flightId, fare.price));
    }
    expect(prices.size).toBe(FLIGHTS);
    expect(new Set(prices.values())).toEqual(new Set([`${100 + OBSERVATIONS_PER_FLIGHT - 1}.00`]));
  }, 420_000);
});
