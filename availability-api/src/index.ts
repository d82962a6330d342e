import { randomBytes } from 'node:crypto';

import {
  type createLogger,
  createMetricsRegistry,
  createPgPool,
  createRegionClient,
  createRegionResolver,
  findPrincipalByToken,
  runService,
  type ServiceContext,
} from '@fareflow/shared';

import { createCassandraFareReader } from './adapters/cassandra-fare.repository';
import { createCassandraFareHistoryReader } from './adapters/cassandra-fare-history.repository';
import { createCassandraInsightReader } from './adapters/cassandra-insight.repository';
import { createStoreGuard } from './adapters/store-guard';
import { createStorePing } from './adapters/store-ping';
import { buildApp } from './app';
import { type AvailabilityConfig, loadAvailabilityConfig } from './config';

/** Composition root: config, clients, the app, listen, graceful shutdown. The only place that reads env or exits. */
async function start({ config, logger, shutdown }: ServiceContext<AvailabilityConfig>): Promise<void> {
  const pool = createPgPool({
    connectionString: config.DATABASE_URL,
    schema: config.PG_SCHEMA,
    max: config.PG_POOL_MAX,
    applicationName: `availability-api-${config.REGION}`,
  });
  shutdown.register('pg pool', () => pool.end());
  const store = createRegionClient(config.REGION, {
    regions: config.CASSANDRA_REGIONS,
    keyspacePrefix: config.CASSANDRA_KEYSPACE_PREFIX,
    readTimeoutMs: config.STORE_TIMEOUT_MS,
    connectTimeoutMs: config.STORE_TIMEOUT_MS,
    logger: logger.child({ component: 'cassandra' }),
  });
  shutdown.register('cassandra', () => store.client.shutdown());
  const guard = createStoreGuard(config.REGION, config.STORE_TIMEOUT_MS);

  const app = await buildApp({
    settings: settingsFrom(config, logger),
    logger,
    fares: createCassandraFareReader(store, guard, logger.child({ component: 'fares' })),
    insights: createCassandraInsightReader(store, guard),
    history: createCassandraFareHistoryReader(store, guard, logger.child({ component: 'history' })),
    findPrincipal: (token) => findPrincipalByToken(pool, token),
    metrics: createMetricsRegistry(`availability-api-${config.REGION}`),
    readinessChecks: { cassandra: createStorePing(store, guard) },
    regionOf: createRegionResolver(config.REGION_MAPPING),
  });
  shutdown.register('http', () => app.close());
  await app.listen({ port: config.PORT, host: config.HOST });
  logger.info({ region: config.REGION, port: config.PORT }, 'availability API listening');
}

function settingsFrom(config: Readonly<AvailabilityConfig>, logger: ReturnType<typeof createLogger>) {
  if (!config.CURSOR_SECRET) {
    logger.warn('CURSOR_SECRET is not set: using a random one, so cursors do not survive a restart or cross instances');
  }
  return {
    region: config.REGION,
    regionApiUrls: config.REGION_API_URLS,
    corsOrigins: config.CORS_ORIGINS,
    cursorSecret: config.CURSOR_SECRET ?? randomBytes(32).toString('hex'),
    offerSecret: config.OFFER_SECRET,
    offers: { ttlMs: config.OFFER_TTL_MINUTES * 60_000, cutoffMs: config.SALES_CUTOFF_MINUTES * 60_000 },
    cache: {
      isEnabled: config.CACHE_ENABLED,
      ttlMs: config.CACHE_TTL_MS,
      maxEntries: config.CACHE_MAX_ENTRIES,
      maxBytes: config.CACHE_MAX_BYTES,
    },
    connections: {
      minConnectionMinutes: config.MIN_CONNECTION_MINUTES,
      maxConnectionMinutes: config.MAX_CONNECTION_MINUTES,
    },
    maxHubsPerStop: config.MAX_HUBS_PER_STOP,
    maxPathsPerHub: config.MAX_PATHS_PER_HUB,
    streamPollMs: config.STREAM_POLL_MS,
    maxStreams: config.STREAM_MAX_CONNECTIONS,
    apiKeyCacheTtlMs: config.API_KEY_CACHE_TTL_MS,
    isRequestLoggingEnabled: config.LOG_REQUESTS,
  };
}

runService(
  { name: (config) => `availability-api-${config.REGION}`, loadConfig: loadAvailabilityConfig, start },
  { env: process.env, exit: (code) => process.exit(code), writeError: (line) => process.stderr.write(line) },
);
