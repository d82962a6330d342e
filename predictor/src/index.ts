import {
  createAmqpConnection,
  createMetricsRegistry,
  createPgPool,
  createRegionClients,
  createRegionResolver,
  createTopology,
  runService,
  type ServiceContext,
  startMetricsServer,
} from '@fareflow/shared';

import { createAmqpPreorderPublisher } from './adapters/amqp-preorder.publisher';
import { createCassandraInsightStore } from './adapters/cassandra-insight.store';
import { createPgForecastStore } from './adapters/pg-forecast.repository';
import { createPgOrderHistorySource } from './adapters/pg-order-history.repository';
import { createPgPreorderStore } from './adapters/pg-preorder.repository';
import { createPgPriceHistorySource } from './adapters/pg-price-history.repository';
import { createPrometheusPredictorMetrics } from './adapters/prometheus-predictor.metrics';
import { loadPredictorConfig, type PredictorConfig } from './config';
import { defaultPriceModelSettings } from './domain/model-settings';
import { createForecastJob } from './jobs/forecast-job';
import { createPredictorWorker } from './worker';

async function start({ config, logger, shutdown }: ServiceContext<PredictorConfig>): Promise<void> {
  const pool = createPgPool({
    connectionString: config.DATABASE_URL,
    schema: config.PG_SCHEMA,
    max: config.PG_POOL_MAX,
    applicationName: 'fareflow-predictor',
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
  const connection = createAmqpConnection({ url: config.AMQP_URL, logger, connectionName: 'fareflow-predictor' });
  shutdown.register('amqp connection', () => connection.close());
  await connection.start();
  const publisher = await createAmqpPreorderPublisher({
    connection,
    topology: createTopology(config.AMQP_PREFIX),
    logger: logger.child({ component: 'preorder-publisher' }),
  });
  shutdown.register('preorder publisher', () => publisher.close());

  const registry = createMetricsRegistry('predictor');
  const metricsServer = await startMetricsServer(registry, config.METRICS_PORT);
  shutdown.register('metrics server', () => metricsServer.close());

  const now = () => new Date();
  const job = createForecastJob({
    prices: createPgPriceHistorySource(pool),
    orders: createPgOrderHistorySource(pool),
    forecasts: createPgForecastStore(pool),
    insights: createCassandraInsightStore({ regions, concurrencyLevel: 64 }),
    preorders: createPgPreorderStore(pool, now),
    publisher,
    resolveRegion: createRegionResolver(config.REGION_MAPPING),
    logger,
    now,
    settings: defaultPriceModelSettings,
    historyDays: config.HISTORY_DAYS,
    activeWithinDays: config.ACTIVE_WITHIN_DAYS,
    demandWindowDays: 14,
    preorder: {
      policy: {
        demandShare: config.PREORDER_DEMAND_SHARE,
        minExpectedBookings: config.PREORDER_MIN_EXPECTED_BOOKINGS,
        minConfidence: config.PREORDER_MIN_CONFIDENCE,
        maxSeatsPerFlight: config.PREORDER_MAX_SEATS_PER_FLIGHT,
        budgets: config.PREORDER_BUDGETS,
        priceToleranceBasisPoints: config.PREORDER_PRICE_TOLERANCE_BP,
        expiresAfterMs: config.PREORDER_EXPIRES_AFTER_MS,
      },
      republishLimit: 1_000,
    },
    onFinished: createPrometheusPredictorMetrics(registry),
  });
  const worker = createPredictorWorker({
    job,
    intervalMinutes: config.FORECAST_INTERVAL_MINUTES,
    runOnStart: config.FORECAST_RUN_ON_START,
    logger,
  });
  // Registered last, so it stops first: no new run starts, the running one finishes, then clients close.
  shutdown.register('forecast scheduler', () => worker.stop());
  worker.start();
  logger.info({ metricsPort: metricsServer.port }, 'predictor started');
}

/** Composition root: the only place that reads the environment, builds clients and exits. */
runService(
  { name: 'predictor', loadConfig: loadPredictorConfig, start },
  { env: process.env, exit: (code) => process.exit(code), writeError: (line) => process.stderr.write(line) },
);
