import {
  applyCql,
  cqlSets,
  createRegionClient,
  ensureDatabase,
  pgMigrationSets,
  repositoryRoot,
  runMigrations,
} from '@fareflow/shared';

import type { CliConfig } from '../cli-config';

/** Creates the database if needed, then applies every owner's PostgreSQL and Cassandra migrations. */
export async function migrate(config: CliConfig, log: (message: string) => void): Promise<void> {
  await ensureDatabase(config.DATABASE_URL);
  await runMigrations({
    connectionString: config.DATABASE_URL,
    schema: config.PG_SCHEMA,
    sets: pgMigrationSets(repositoryRoot),
  });
  log(`postgres: schema "${config.PG_SCHEMA}" migrated`);
  for (const region of Object.keys(config.CASSANDRA_REGIONS)) {
    const store = createRegionClient(region, {
      regions: config.CASSANDRA_REGIONS,
      keyspacePrefix: config.CASSANDRA_KEYSPACE_PREFIX,
      readTimeoutMs: 30_000,
    });
    try {
      const datacenter = config.CASSANDRA_REGIONS[region]?.localDataCenter ?? region;
      await applyCql({
        client: store.client,
        keyspace: store.keyspace,
        replication: { [datacenter]: 1 },
        sets: cqlSets(repositoryRoot),
        log,
      });
      log(`cassandra: keyspace ${store.keyspace} ready in datacenter ${datacenter}`);
    } finally {
      await store.client.shutdown();
    }
  }
}
