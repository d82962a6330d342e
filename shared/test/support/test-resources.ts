import { randomBytes } from 'node:crypto';

import type { Pool } from 'pg';

import {
  applyCql,
  cqlSets,
  createLogger,
  createPgPool,
  createRegionClients,
  defaultRegionSettings,
  type Logger,
  pgMigrationSets,
  type RegionStore,
  repositoryRoot,
  runMigrations,
} from '../../src';

/** Test isolation: every test file gets its own PostgreSQL schema, keyspaces and queue names. */
export const uniqueName = (prefix: string) => `${prefix}${randomBytes(4).toString('hex')}`;

export const TEST_DATABASE_URL = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/fareflow';
export const TEST_AMQP_URL = process.env['AMQP_URL'] ?? 'amqp://guest:guest@127.0.0.1:5672';

export const silentLogger = (): Logger => createLogger({ service: 'test', level: 'silent' });

export interface TestDatabase {
  schema: string;
  pool: Pool;
  drop(): Promise<void>;
}

/** A fresh schema with every service's real migrations applied. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const schema = uniqueName('t_');
  await runMigrations({ connectionString: TEST_DATABASE_URL, schema, sets: pgMigrationSets(repositoryRoot) });
  const pool = createPgPool({ connectionString: TEST_DATABASE_URL, schema, max: 8, applicationName: 'test' });
  return {
    schema,
    pool,
    async drop() {
      await pool.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await pool.end();
    },
  };
}

export interface TestKeyspaces {
  prefix: string;
  stores: Map<string, RegionStore>;
  store(region: string): RegionStore;
  drop(): Promise<void>;
}

/** Fresh region keyspaces (`<prefix>_us`, `<prefix>_eu`) with every owner's CQL applied. */
export async function createTestKeyspaces(): Promise<TestKeyspaces> {
  const prefix = uniqueName('t');
  const stores = createRegionClients({ regions: defaultRegionSettings, keyspacePrefix: prefix, readTimeoutMs: 20_000 });
  for (const [region, store] of stores) {
    const datacenter = defaultRegionSettings[region]?.localDataCenter ?? region;
    await applyCql({
      client: store.client,
      keyspace: store.keyspace,
      replication: { [datacenter]: 1 },
      sets: cqlSets(repositoryRoot),
    });
  }
  return {
    prefix,
    stores,
    store(region) {
      const store = stores.get(region);
      if (!store) {
        throw new Error(`no region ${region}`);
      }
      return store;
    },
    async drop() {
      for (const store of stores.values()) {
        await store.client.execute(`DROP KEYSPACE IF EXISTS ${store.keyspace}`).catch(() => undefined);
        await store.client.shutdown();
      }
    },
  };
}
