import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import { hostname } from 'node:os';

import {
  createAmqpConnection,
  createMetricsRegistry,
  createPgPool,
  createRegionRouter,
  createTopology,
  exponentialBackoff,
  type GracefulShutdown,
  type Logger,
  runService,
  type ServiceContext,
  startMetricsServer,
} from '@fareflow/shared';
import axios from 'axios';

import { createAmadeusSource } from './adapters/amadeus/amadeus-source';
import { createDuffelSource } from './adapters/duffel/duffel-source';
import { createFeedSource } from './adapters/feed/feed-source';
import { createIngestPipeline, type RateLimitedSource } from './app';
import { type IngestConfig, loadIngestConfig } from './config';
import { createAcceleratedClock, systemClock } from './domain/clock';
import { createIngestMetrics } from './metrics/ingest-metrics';
import { scrapeTargetsOf } from './scheduling/scrape-planner';
import { defaultAirlineProfiles } from './simulator/domain/airline-profiles';
import { buildSchedule } from './simulator/domain/schedule';
import { loadRoutesExtract } from './simulator/load-routes-extract';
import { createSimulator } from './simulator/simulator-app';

async function start({ config, logger, shutdown }: ServiceContext<IngestConfig>): Promise<void> {
  const registry = createMetricsRegistry('ingest');
  const metrics = createIngestMetrics(registry);
  const metricsServer = await startMetricsServer(registry, config.METRICS_PORT);
  shutdown.register('metrics server', () => metricsServer.close());

  const routes = loadRoutesExtract();
  if (config.SIMULATOR_ENABLED) {
    await startSimulator(config, routes, logger, shutdown);
  }

  const pool = createPgPool({
    connectionString: config.DATABASE_URL,
    schema: config.PG_SCHEMA,
    max: config.PG_POOL_MAX,
    applicationName: 'fareflow-ingest',
  });
  shutdown.register('pg pool', () => pool.end());
  const connection = createAmqpConnection({ url: config.AMQP_URL, logger, connectionName: 'fareflow-ingest' });
  shutdown.register('amqp connection', () => connection.close());
  await connection.start();

  // The scrape plan covers the same route network the (simulated) airlines fly.
  const schedule = buildSchedule({
    routes,
    profiles: defaultAirlineProfiles,
    flightsPerDay: config.SIMULATOR_FLIGHTS_PER_DAY,
    maxRoutes: config.SIMULATOR_MAX_ROUTES,
    seed: config.SIMULATOR_SEED,
  });
  const pipeline = await createIngestPipeline({
    db: pool,
    connection,
    topology: createTopology(config.AMQP_PREFIX),
    regions: createRegionRouter(config.REGION_MAPPING),
    clock: systemClock,
    logger,
    metrics,
    sources: buildSources(config),
    targets: scrapeTargetsOf(schedule.routes, (format) => format),
    settings: {
      isCronEnabled: config.SCRAPE_CRON_ENABLED,
      isWorkerEnabled: config.SCRAPE_WORKERS_ENABLED,
      cronExpression: config.SCRAPE_CRON,
      isRunOnStart: config.SCRAPE_RUN_ON_START,
      horizonDays: config.SCRAPE_HORIZON_DAYS,
      jobTtlMs: config.SCRAPE_JOB_TTL_MS,
      maxBacklog: config.SCRAPE_MAX_BACKLOG,
      concurrency: config.SCRAPE_WORKER_CONCURRENCY,
      retry: {
        maxAttempts: config.SCRAPE_MAX_ATTEMPTS,
        backoff: exponentialBackoff({ baseMs: config.SCRAPE_RETRY_BASE_MS, capMs: config.SCRAPE_RETRY_CAP_MS }),
        maxRetryAfterMs: config.SCRAPE_MAX_RETRY_AFTER_MS,
      },
      jobRetryBackoff: exponentialBackoff({ baseMs: 1_000, capMs: 30_000 }),
      heartbeatIntervalMs: config.HEARTBEAT_INTERVAL_MS,
      leaseMs: config.SCRAPE_LEASE_MS,
      holder: `${hostname()}:${process.pid}`,
    },
  });
  shutdown.register('ingest pipeline', () => pipeline.stop());
  await pipeline.start();
  logger.info({ metricsPort: metricsServer.port, simulator: config.SIMULATOR_ENABLED }, 'ingest started');
}

async function startSimulator(
  config: IngestConfig,
  routes: [string, string, string][],
  logger: Logger,
  shutdown: GracefulShutdown,
): Promise<void> {
  const simulator = createSimulator({
    routes,
    profiles: defaultAirlineProfiles,
    flightsPerDay: config.SIMULATOR_FLIGHTS_PER_DAY,
    maxRoutes: config.SIMULATOR_MAX_ROUTES,
    seed: config.SIMULATOR_SEED,
    cabins: config.SIMULATOR_CABINS,
    saleShare: config.SIMULATOR_SALE_SHARE,
    faults: config.SIMULATOR_FAULTS,
    credentials: {
      amadeusClientId: config.AMADEUS_CLIENT_ID,
      amadeusClientSecret: config.AMADEUS_CLIENT_SECRET,
      amadeusTokenLifetimeSeconds: 1799,
      amadeusRateLimitPerSecond: config.SIMULATOR_AMADEUS_RATE_LIMIT_PER_SECOND,
      duffelAccessToken: config.DUFFEL_ACCESS_TOKEN,
    },
    clock: createAcceleratedClock(Date.now(), config.SIMULATOR_CLOCK_SPEED),
    changeLogLimit: 1_000_000,
    logger,
  });
  await simulator.app.listen({ host: config.SIMULATOR_HOST, port: config.SIMULATOR_PORT });
  const sweep = setInterval(() => simulator.context.inventory.sweep(), config.SIMULATOR_SWEEP_INTERVAL_MS);
  shutdown.register('airline simulator', async () => {
    clearInterval(sweep);
    await simulator.app.close();
  });
  logger.info(
    { port: config.SIMULATOR_PORT, flightsPerDay: simulator.context.schedule.flightsPerDay },
    'airline simulator listening',
  );
}

function buildSources(config: IngestConfig): RateLimitedSource[] {
  const httpOf = (baseURL: string) =>
    axios.create({
      baseURL,
      timeout: config.HTTP_TIMEOUT_MS,
      // Every status is classified by the source; axios must not throw on 4xx/5xx.
      validateStatus: () => true,
      maxContentLength: 20 * 1024 * 1024,
      httpAgent: new HttpAgent({ keepAlive: true, maxSockets: 64 }),
      httpsAgent: new HttpsAgent({ keepAlive: true, maxSockets: 64 }),
    });
  return [
    {
      source: createAmadeusSource({
        name: 'amadeus',
        http: httpOf(config.AMADEUS_BASE_URL),
        clientId: config.AMADEUS_CLIENT_ID,
        clientSecret: config.AMADEUS_CLIENT_SECRET,
        clock: systemClock,
      }),
      ratePerSecond: config.AMADEUS_RATE_LIMIT_PER_SECOND,
    },
    {
      source: createDuffelSource({
        name: 'duffel',
        http: httpOf(config.DUFFEL_BASE_URL),
        accessToken: config.DUFFEL_ACCESS_TOKEN,
        version: config.DUFFEL_VERSION,
      }),
      ratePerSecond: config.DUFFEL_RATE_LIMIT_PER_SECOND,
    },
    {
      source: createFeedSource({ name: 'feed', http: httpOf(config.FEED_BASE_URL) }),
      ratePerSecond: config.FEED_RATE_LIMIT_PER_SECOND,
    },
  ];
}

/** Composition root: the only place that reads the environment, builds clients and exits. */
runService(
  { name: 'ingest', loadConfig: loadIngestConfig, start },
  { env: process.env, exit: (code) => process.exit(code), writeError: (line) => process.stderr.write(line) },
);
