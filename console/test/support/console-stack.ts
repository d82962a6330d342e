import {
  createApiKey,
  createTopology,
  fareHistoryBinds,
  type RegionStore,
  upsertFareHistoryCql,
} from '@fareflow/shared';
import {
  createTestDatabase,
  createTestKeyspaces,
  TEST_AMQP_URL,
  TEST_DATABASE_URL,
  type TestDatabase,
  type TestKeyspaces,
  uniqueName,
} from '@fareflow/shared/test/support/test-resources';
import amqp from 'amqplib';

import type { Fare } from '../../../availability-api/src/domain/fare';
import { seedFares } from '../../../availability-api/test/support/seed-fares';
import { eventually, freePort, type ServiceProcess, startService } from '../../../cli/test/support/service-process';
import { upsertInventory } from '../../../order/src/adapters/inventory.repository';
import { orderStackQueues } from '../../../order/test/support/order-stack';
import { buildFixture, type Fixture, historyOf } from './fixture-fares';

const OFFER_SECRET = 'console-test-offer-secret-0123456789abcdef';
export const SALES_CUTOFF_MS = 60 * 60_000;

/** The real services the console fronts, each its own process on a fresh schema, keyspaces and queue prefix. */
export interface ConsoleStack {
  consoleUrl: string;
  apiUrls: { us: string; eu: string; order: string };
  /** A key with availability:read, orders:write and orders:read. */
  apiKey: string;
  fixture: Fixture;
  db: TestDatabase;
  /** Adds fares (and their seats in the order service's inventory), as the aggregator would. */
  seed(fares: Fare[]): Promise<void>;
  output(): string;
  stop(): Promise<number[]>;
}

async function seed(db: TestDatabase, keyspaces: TestKeyspaces, fares: Fare[]): Promise<void> {
  const byRegion = new Map<RegionStore, Fare[]>();
  for (const fare of fares) {
    const store = keyspaces.store(['CDG', 'FCO'].includes(fare.origin) ? 'eu' : 'us');
    byRegion.set(store, [...(byRegion.get(store) ?? []), fare]);
  }
  for (const [store, regionFares] of byRegion) {
    await seedFares(store, regionFares);
    for (const day of new Set(regionFares.map((fare) => fare.departureDate))) {
      for (const row of historyOf(regionFares, day)) {
        const ttlSeconds = Math.ceil((Date.parse(row.departureUtc) - Date.now()) / 1000) + 86_400;
        await store.client.execute(
          upsertFareHistoryCql(store.keyspace),
          fareHistoryBinds(row, Date.parse(row.observedAt) * 1000, ttlSeconds),
          { prepare: true },
        );
      }
    }
  }
  for (const fare of fares) {
    await upsertInventory(db.pool, {
      flightId: fare.flightId,
      cabin: fare.cabin,
      airlineSeats: fare.seatsAvailable,
      oversellLimit: 0,
      price: fare.price,
      currency: fare.currency,
      departureUtc: new Date(fare.departureUtcMs),
    });
  }
}

async function deleteQueues(prefix: string): Promise<void> {
  const topology = createTopology(prefix);
  const connection = await amqp.connect(TEST_AMQP_URL);
  const channel = await connection.createChannel();
  for (const name of orderStackQueues(topology, ['us', 'eu'])) {
    await channel.deleteQueue(name).catch(() => undefined);
    await channel.deleteQueue(topology.deadLetterQueueOf(name)).catch(() => undefined);
  }
  await connection.close().catch(() => undefined);
}

async function waitUntilReady(url: string, processes: ServiceProcess[]): Promise<void> {
  const describe = () => processes.map((p) => `--- ${p.name}\n${p.output().slice(-3000)}`).join('\n');
  await eventually(
    async () => ((await fetch(url, { signal: AbortSignal.timeout(2_000) })).ok ? true : undefined),
    90_000,
    describe,
  );
}

/** Starts availability APIs (us, eu), the order API and the console, after seeding the fixture's fares. */
export async function startConsoleStack(): Promise<ConsoleStack> {
  const db = await createTestDatabase();
  const keyspaces = await createTestKeyspaces();
  const fixture = buildFixture();
  await seed(db, keyspaces, fixture.fares);
  const { token } = await createApiKey(db.pool, {
    name: uniqueName('console-'),
    scopes: ['availability:read', 'orders:write', 'orders:read'],
    rateLimitPerMinute: 100_000,
  });
  const amqpPrefix = uniqueName('t-console-');
  const ports = { us: await freePort(), eu: await freePort(), order: await freePort(), console: await freePort() };
  const url = (port: number) => `http://127.0.0.1:${port}`;
  const common = {
    DATABASE_URL: TEST_DATABASE_URL,
    PG_SCHEMA: db.schema,
    AMQP_URL: TEST_AMQP_URL,
    AMQP_PREFIX: amqpPrefix,
    CASSANDRA_KEYSPACE_PREFIX: keyspaces.prefix,
    OFFER_SECRET,
    SALES_CUTOFF_MINUTES: String(SALES_CUTOFF_MS / 60_000),
    LOG_FORMAT: 'json',
  };
  const regionUrls = JSON.stringify({ us: url(ports.us), eu: url(ports.eu) });
  const api = (region: 'us' | 'eu') =>
    startService(`api-${region}`, 'availability-api/src/index.ts', {
      ...common,
      REGION: region,
      PORT: String(ports[region]),
      REGION_API_URLS: regionUrls,
      CACHE_ENABLED: 'false',
    });
  const processes = [
    api('us'),
    api('eu'),
    startService('order', 'order/src/index.ts', {
      ...common,
      ORDER_ROLES: 'api,worker,relay,sweeper',
      ORDER_API_PORT: String(ports.order),
    }),
    startService('console', 'console/src/server/index.ts', {
      ...common,
      CONSOLE_PORT: String(ports.console),
      API_US_URL: url(ports.us),
      API_EU_URL: url(ports.eu),
      ORDER_API_URL: url(ports.order),
      CONSOLE_SERVICES: JSON.stringify({
        'api-us': { url: url(ports.us), health: '/readyz' },
        'api-eu': { url: url(ports.eu), health: '/readyz' },
        order: { url: url(ports.order), health: '/readyz' },
      }),
    }),
  ];
  const stop = async () => {
    const codes = await Promise.all(processes.map((process) => process.stop()));
    await deleteQueues(amqpPrefix);
    await keyspaces.drop();
    await db.drop();
    return codes;
  };
  try {
    for (const port of [ports.us, ports.eu, ports.order]) {
      await waitUntilReady(`${url(port)}/readyz`, processes);
    }
    await waitUntilReady(`${url(ports.console)}/healthz`, processes);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    consoleUrl: url(ports.console),
    apiUrls: { us: url(ports.us), eu: url(ports.eu), order: url(ports.order) },
    apiKey: token,
    fixture,
    db,
    seed: (fares) => seed(db, keyspaces, fares),
    output: () => processes.map((p) => `--- ${p.name}\n${p.output().slice(-3000)}`).join('\n'),
    stop,
  };
}
