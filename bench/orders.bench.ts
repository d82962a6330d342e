/**
 * `npm run bench -- orders [--seconds S] [--clients C] [--flights F] [--split]`
 *
 * Runs the order service as its own process (`node --import tsx order/src/index.ts`: API + worker +
 * relay + sweeper; with `--split`, API+relay and worker+sweeper in two processes) on a fresh schema,
 * and drives it with C concurrent agents, each placing one-seat orders on the offer of one of F flights
 * with `Prefer: wait=30` (closed loop: the next order after the previous one's final state).
 * Prints confirmed orders/s and accept->final latency p50/p99 (created_at -> finalized_at, stored by
 * PostgreSQL), plus the client round trip. Baseline, same run, same database: the raw rate of the
 * single-row conditional UPDATE every order needs, by as many connections as the service's pool.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import {
  createAmqpConnection,
  createApiKey,
  createOfferCodec,
  createTopology,
  defaultRegionMapping,
  orderQueue,
  regionsOf,
  repositoryRoot,
} from '@fareflow/shared';
import {
  createTestDatabase,
  silentLogger,
  TEST_AMQP_URL,
  TEST_DATABASE_URL,
  type TestDatabase,
  uniqueName,
} from '@fareflow/shared/test/support/test-resources';
import autocannon from 'autocannon';
import type { Pool } from 'pg';

import { quantile } from './support/stats';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '3' },
    clients: { type: 'string', default: '200' },
    flights: { type: 'string', default: '100' },
    port: { type: 'string', default: '18090' },
    'pool-max': { type: 'string', default: '12' },
    split: { type: 'boolean', default: false },
    /** Writes V8 CPU profiles of the service processes to this directory. */
    'cpu-prof-dir': { type: 'string', default: '' },
  },
});
const settings = {
  seconds: Number(args.seconds),
  warmupSeconds: Number(args.warmup),
  clients: Number(args.clients),
  flights: Number(args.flights),
  port: Number(args.port),
  poolMax: Number(args['pool-max']),
  isSplit: args.split ?? false,
  cpuProfDir: args['cpu-prof-dir'] ?? '',
};

const BENCH_OFFER_SECRET = 'bench-offer-secret-of-at-least-32-characters';
// Flights leave 1-28 days from now: on sale (outside the sales cut-off) while the bench runs.
const DAY_MS = 86_400_000;
const departureOf = (index: number) => new Date(Date.now() + ((index % 28) + 1) * DAY_MS);
const flightIds = Array.from(
  { length: settings.flights },
  (_, index) => `BN${index + 1}-${departureOf(index).toISOString().slice(0, 10)}-FRA-JFK`,
);
/** One offer per flight, signed as the availability API signs them: every order is placed on an offer. */
const offers = createOfferCodec(BENCH_OFFER_SECRET);
const offerIds = flightIds.map((flightId) =>
  offers.encode({
    cabin: 'ECONOMY',
    currency: 'EUR',
    expiresAt: new Date(Date.now() + 60 * 60_000).toISOString(),
    legs: [{ flightId, unitPrice: '129.90', observedAt: new Date().toISOString() }],
  }),
);

const percentile = (sorted: number[], p: number) => quantile(sorted, p / 100) ?? NaN;

async function seed(pool: Pool): Promise<void> {
  await pool.query(
    `INSERT INTO inventory (flight_id, cabin, airline_seats, oversell_limit, price, currency, departure_utc)
     SELECT unnest($1::text[]), 'ECONOMY', 10000000, 10, 129.90, 'EUR', unnest($2::timestamptz[])`,
    [flightIds, flightIds.map((_, index) => departureOf(index).toISOString())],
  );
}

/** Baseline: single-row conditional UPDATEs (the primitive an order needs), by `connections` clients. */
async function measureConditionalUpdates(pool: Pool, connections: number, seconds: number): Promise<number> {
  let count = 0;
  const deadline = Date.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline) {
        const flightId = flightIds[Math.floor(Math.random() * flightIds.length)];
        const { rowCount } = await pool.query(
          `UPDATE inventory SET sold = sold + 1 WHERE flight_id = $1 AND cabin = 'ECONOMY'
              AND sold + held + 1 <= booking_limit + oversell_limit RETURNING sold`,
          [flightId],
        );
        count += rowCount ?? 0;
      }
    }),
  );
  await pool.query('UPDATE inventory SET sold = 0');
  return count / seconds;
}

function startService(db: TestDatabase, prefix: string, roles: string, port: number): ChildProcess {
  const profile = settings.cpuProfDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.cpuProfDir}`] : [];
  return spawn(process.execPath, [...profile, '--import', 'tsx', join(repositoryRoot, 'order/src/index.ts')], {
    cwd: repositoryRoot,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      ORDER_ROLES: roles,
      OFFER_SECRET: BENCH_OFFER_SECRET,
      DATABASE_URL: TEST_DATABASE_URL,
      PG_SCHEMA: db.schema,
      PG_POOL_MAX: String(settings.poolMax),
      AMQP_URL: TEST_AMQP_URL,
      AMQP_PREFIX: prefix,
      ORDER_API_PORT: String(port),
      ORDER_METRICS_PORT: '0',
      LOG_LEVEL: 'warn',
    },
  });
}

async function waitForHealth(url: string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt += 1) {
    const ok = await fetch(`${url}/healthz`).then(
      (response) => response.ok,
      () => false,
    );
    if (ok) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('order service did not come up');
}

interface LoadResult {
  requests: number;
  non2xx: number;
  errors: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

/**
 * C keep-alive connections (autocannon), each a closed-loop agent: one order at a time, a unique
 * Idempotency-Key per order, `Prefer: wait=30` so the answer is the final state.
 */
async function runClients(url: string, token: string, seconds: number): Promise<LoadResult> {
  let sequence = 0;
  const result = await autocannon({
    url: `${url}/v1/orders`,
    connections: settings.clients,
    duration: seconds,
    timeout: 40,
    requests: [
      {
        method: 'POST',
        setupRequest: (request) => {
          sequence += 1;
          const offerId = offerIds[sequence % offerIds.length];
          return {
            ...request,
            headers: {
              authorization: `Bearer ${token}`,
              'content-type': 'application/json',
              'idempotency-key': `bench-${process.pid}-${sequence}`,
              prefer: 'wait=30',
            },
            body: JSON.stringify({
              items: [{ offerId, passengers: [{ type: 'ADT', givenName: 'Bench', familyName: 'Agent' }] }],
              contact: { email: 'bench@example.com' },
              paymentToken: 'tok_bench',
            }),
          };
        },
      },
    ],
  });
  return {
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    latencyP50Ms: result.latency.p50,
    latencyP99Ms: result.latency.p99,
  };
}

async function measuredOrders(pool: Pool, fromIso: string, toIso: string) {
  const { rows } = await pool.query<{ status: string; latency_ms: number }>(
    `SELECT status, extract(epoch FROM finalized_at - created_at)::float8 * 1000 AS latency_ms
       FROM orders WHERE finalized_at >= $1 AND finalized_at < $2`,
    [fromIso, toIso],
  );
  return rows;
}

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const prefix = uniqueName('bench-orders-');
  const children: ChildProcess[] = [];
  try {
    await seed(db.pool);
    const baselinePool = (await import('@fareflow/shared')).createPgPool({
      connectionString: TEST_DATABASE_URL,
      schema: db.schema,
      max: settings.poolMax,
      applicationName: 'bench-baseline',
    });
    const baseline = await measureConditionalUpdates(baselinePool, settings.poolMax, 5);
    await baselinePool.end();
    const { token } = await createApiKey(db.pool, {
      name: uniqueName('bench-'),
      scopes: ['orders:write', 'orders:read'],
      rateLimitPerMinute: 100_000_000,
    });
    if (settings.isSplit) {
      children.push(startService(db, prefix, 'api,relay', settings.port));
      children.push(startService(db, prefix, 'worker,sweeper', settings.port + 1));
    } else {
      children.push(startService(db, prefix, 'api,worker,relay,sweeper', settings.port));
    }
    const url = `http://127.0.0.1:${settings.port}`;
    await waitForHealth(url);
    const load1 = loadavg()[0] ?? 0;
    await runClients(url, token, settings.warmupSeconds);
    const measureFrom = Date.now();
    const load = await runClients(url, token, settings.seconds);
    const until = Date.now();
    const rows = await measuredOrders(db.pool, new Date(measureFrom).toISOString(), new Date(until).toISOString());
    report({ baseline, load, rows, load1 });
  } finally {
    for (const child of children) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    await cleanupBroker(prefix);
    await db.drop();
  }
}

function report(input: {
  baseline: number;
  load: LoadResult;
  rows: { status: string; latency_ms: number }[];
  load1: number;
}) {
  const { baseline, load, rows } = input;
  const confirmed = rows.filter((row) => row.status === 'confirmed' || row.status === 'oversold');
  const ordersPerSecond = confirmed.length / settings.seconds;
  const latencies = confirmed.map((row) => row.latency_ms).sort((a, b) => a - b);
  const others = rows.length - confirmed.length;
  const fmt = (value: number) => value.toFixed(1);
  console.log(`orders bench: ${settings.clients} clients, ${settings.flights} flights, ${settings.seconds} s measured`);
  console.log(
    `  machine: ${cpus().length} cores, load average before run ${input.load1.toFixed(2)}, ${settings.isSplit ? 'API and worker in 2 processes' : '1 service process'}`,
  );
  console.log(
    `  confirmed orders/s:            ${fmt(ordersPerSecond)}  (${confirmed.length} orders, ${others} other final states; ${load.requests} responses, non-2xx ${load.non2xx}, errors ${load.errors})`,
  );
  console.log(
    `  accept->final latency (DB):    p50 ${fmt(percentile(latencies, 50))} ms   p99 ${fmt(percentile(latencies, 99))} ms`,
  );
  console.log(`  client round trip (wait=30):   p50 ${fmt(load.latencyP50Ms)} ms   p99 ${fmt(load.latencyP99Ms)} ms`);
  console.log(`  baseline: raw PG conditional UPDATEs/s (${settings.poolMax} connections): ${fmt(baseline)}`);
  console.log(`  ratio orders/s : conditional updates/s = ${(ordersPerSecond / baseline).toFixed(3)}`);
  console.log(`  target >= 1000 orders/s: ${ordersPerSecond >= 1000 ? 'met' : 'NOT met'}`);
}

async function cleanupBroker(prefix: string): Promise<void> {
  const topology = createTopology(prefix);
  const connection = createAmqpConnection({
    url: TEST_AMQP_URL,
    logger: silentLogger(),
    connectionName: 'bench-cleanup',
  });
  await connection.start();
  const channel = await connection.createConfirmChannel();
  const inventoryQueues = regionsOf(defaultRegionMapping).map((region) =>
    topology.queues.aggregatorInventoryIn(region),
  );
  for (const name of [orderQueue(topology).name, ...inventoryQueues.map((queue) => queue.name)]) {
    await channel.deleteQueue(name).catch(() => undefined);
    await channel.deleteQueue(topology.deadLetterQueueOf(name)).catch(() => undefined);
  }
  await connection.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
