import {
  type AmqpConnection,
  createAmqpConnection,
  createMetricsRegistry,
  createPgPool,
  createRegionClients,
  createRegionResolver,
  createTopology,
  exponentialBackoff,
  type GracefulShutdown,
  type Logger,
  regionsOf,
  type RegionStore,
  runService,
  type ServiceContext,
  startMetricsServer,
} from '@fareflow/shared';
import type { Pool } from 'pg';
import type { Registry } from 'prom-client';

import { createCassandraCurrentFareStore } from './adapters/cassandra-current-fare.store';
import { createPgPriceHistoryStore } from './adapters/pg-price-history.store';
import { createPrometheusAggregatorMetrics } from './adapters/prometheus-aggregator.metrics';
import { type Aggregator, createAggregator } from './app';
import { type AggregatorConfig, loadAggregatorConfig, regionsWithoutCassandra } from './config';
import { createRegionRouting } from './domain/region-routing';
import { createPartitionMaintenance } from './partition-maintenance';

async function start({ config, logger, shutdown }: ServiceContext<AggregatorConfig>): Promise<void> {
  const resources = await openResources(config, logger, shutdown);
  const aggregator = wireAggregator(config, logger, resources);
  // Registered last, so it runs first: stop intake and finish in-flight work before closing anything.
  shutdown.register('aggregator', () => aggregator.stop());
  await aggregator.start();
  logger.info({ metricsPort: resources.metricsPort }, 'aggregator started');
}

interface Resources {
  pool: Pool;
  regions: Map<string, RegionStore>;
  connection: AmqpConnection;
  registry: Registry;
  metricsPort: number;
}

/** Clients in creation order; shutdown closes them in reverse: amqp, then Cassandra, then PostgreSQL. */
async function openResources(config: AggregatorConfig, logger: Logger, shutdown: GracefulShutdown): Promise<Resources> {
  const pool = createPgPool({
    connectionString: config.DATABASE_URL,
    schema: config.PG_SCHEMA,
    max: config.PG_POOL_MAX,
    applicationName: 'fareflow-aggregator',
  });
  shutdown.register('pg pool', () => pool.end());
  const regions = createRegionClients({
    regions: config.CASSANDRA_REGIONS,
    keyspacePrefix: config.CASSANDRA_KEYSPACE_PREFIX,
    logger: logger.child({ component: 'cassandra' }),
  });
  shutdown.register('cassandra clients', async () => {
    await Promise.all([...regions.values()].map((store) => store.client.shutdown()));
  });
  const connection = createAmqpConnection({ url: config.AMQP_URL, logger, connectionName: 'fareflow-aggregator' });
  shutdown.register('amqp connection', () => connection.close());
  await connection.start();
  const registry = createMetricsRegistry('aggregator');
  const metricsServer = await startMetricsServer(registry, config.METRICS_PORT);
  shutdown.register('metrics server', () => metricsServer.close());
  return { pool, regions, connection, registry, metricsPort: metricsServer.port };
}

function wireAggregator(config: AggregatorConfig, logger: Logger, resources: Resources): Aggregator {
  const unserved = regionsWithoutCassandra(config);
  if (unserved.length > 0) {
    logger.warn({ regions: unserved }, 'mapped regions without Cassandra: their flights will be dead-lettered');
  }
  const now = () => Date.now();
  const history = createPgPriceHistoryStore({
    pool: resources.pool,
    logger: logger.child({ component: 'price-history' }),
  });
  return createAggregator({
    connection: resources.connection,
    topology: createTopology(config.AMQP_PREFIX),
    logger,
    metrics: createPrometheusAggregatorMetrics(resources.registry),
    history,
    current: createCassandraCurrentFareStore({
      regions: resources.regions,
      concurrencyLevel: config.CASSANDRA_WRITE_CONCURRENCY,
      retention: { graceMs: config.CURRENT_FARE_GRACE_MINUTES * 60_000, nowMs: now },
    }),
    // Every region the mapping can give has a queue (producers declare them all); a region without
    // Cassandra is consumed too, so that its messages are dead-lettered with the reason, not left queued.
    regions: regionsOf(config.REGION_MAPPING),
    routing: createRegionRouting(createRegionResolver(config.REGION_MAPPING), resources.regions.keys()),
    partitions: createPartitionMaintenance({
      store: history,
      logger: logger.child({ component: 'partitions' }),
      monthsAhead: config.PARTITION_MONTHS_AHEAD,
      intervalMs: config.PARTITION_CHECK_INTERVAL_MS,
      now,
    }),
    fares: {
      batchSize: config.FARE_BATCH_SIZE,
      batchWaitMs: config.FARE_BATCH_WAIT_MS,
      maxConcurrentBatches: config.FARE_MAX_CONCURRENT_BATCHES,
    },
    inventory: {
      batchSize: config.INVENTORY_BATCH_SIZE,
      batchWaitMs: config.INVENTORY_BATCH_WAIT_MS,
      maxConcurrentBatches: config.INVENTORY_MAX_CONCURRENT_BATCHES,
    },
    retryBackoff: exponentialBackoff({ baseMs: config.RETRY_BASE_MS, capMs: config.RETRY_CAP_MS }),
    maxClockSkewMs: config.MAX_CLOCK_SKEW_MS,
    now,
  });
}

/** Composition root: the only place that reads the environment, builds clients and exits. */
runService(
  { name: 'aggregator', loadConfig: loadAggregatorConfig, start },
  { env: process.env, exit: (code) => process.exit(code), writeError: (line) => process.stderr.write(line) },
);
