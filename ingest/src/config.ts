import {
  amqpEnv,
  booleanFromEnv,
  cabin,
  jsonFromEnv,
  loadConfig,
  logEnv,
  positiveIntFromEnv,
  postgresEnv,
  regionMappingEnv,
} from '@fareflow/shared';
import cron from 'node-cron';
import { z } from 'zod';

import { faultSettingsSchema } from './simulator/domain/faults';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

const cabinList = z
  .string()
  .transform((text) => text.split(',').map((item) => item.trim()))
  .pipe(z.array(cabin).min(1));

const rateFromEnv = z.coerce.number().positive().max(100_000);

/**
 * Ingest's environment. Pointing a source at the real API is configuration: set its base URL
 * and credentials (AMADEUS_BASE_URL=https://test.api.amadeus.com, DUFFEL_BASE_URL=https://api.duffel.com).
 */
export const ingestEnvSchema = z.object({
  ...logEnv,
  ...postgresEnv,
  ...amqpEnv,
  /** Which region's queue each observation goes to (`fare.observation.v1.<region>`); the aggregator's mapping. */
  ...regionMappingEnv,
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).default(9101),
  SHUTDOWN_TIMEOUT_MS: positiveIntFromEnv.default(20_000),

  SIMULATOR_ENABLED: booleanFromEnv.default(true),
  SIMULATOR_HOST: z.string().min(1).default('127.0.0.1'),
  SIMULATOR_PORT: z.coerce.number().int().min(0).max(65_535).default(8070),
  SIMULATOR_FLIGHTS_PER_DAY: positiveIntFromEnv.max(100_000).default(2_000),
  /** Routes the simulated airlines fly (of 4,545 bundled); fewer routes, more flights per route. */
  SIMULATOR_MAX_ROUTES: positiveIntFromEnv.default(500),
  SIMULATOR_SEED: z.coerce.number().int().default(42),
  SIMULATOR_CABINS: cabinList.default(['ECONOMY', 'BUSINESS']),
  /** Simulated seconds per wall second (1 = real time). */
  SIMULATOR_CLOCK_SPEED: z.coerce.number().positive().max(100_000).default(1),
  SIMULATOR_SALE_SHARE: z.coerce.number().min(0).max(1).default(0.3),
  /** JSON, e.g. {"serverErrorRate":0.05,"rateLimitRate":0.05,"timeoutRate":0.02,"malformedRate":0.03,"expiredTokenRate":0.05}. */
  SIMULATOR_FAULTS: jsonFromEnv(faultSettingsSchema).default(faultSettingsSchema.parse({})),
  /** How often the simulator re-prices what it has served and records the changes. */
  SIMULATOR_SWEEP_INTERVAL_MS: positiveIntFromEnv.default(MINUTE),
  SIMULATOR_AMADEUS_RATE_LIMIT_PER_SECOND: z.coerce.number().min(0).default(10),

  AMADEUS_BASE_URL: z.url().default('http://127.0.0.1:8070/amadeus'),
  AMADEUS_CLIENT_ID: z.string().min(1).default('fareflow-sim'),
  AMADEUS_CLIENT_SECRET: z.string().min(1).default('fareflow-sim-secret'),
  /** Amadeus' test environment allows 10 requests a second per application. */
  AMADEUS_RATE_LIMIT_PER_SECOND: rateFromEnv.default(10),
  DUFFEL_BASE_URL: z.url().default('http://127.0.0.1:8070/duffel'),
  DUFFEL_ACCESS_TOKEN: z.string().min(1).default('duffel_test_fareflow'),
  DUFFEL_VERSION: z.string().min(1).default('v2'),
  DUFFEL_RATE_LIMIT_PER_SECOND: rateFromEnv.default(20),
  FEED_BASE_URL: z.url().default('http://127.0.0.1:8070'),
  FEED_RATE_LIMIT_PER_SECOND: rateFromEnv.default(50),
  HTTP_TIMEOUT_MS: positiveIntFromEnv.max(120_000).default(5_000),

  SCRAPE_CRON_ENABLED: booleanFromEnv.default(true),
  /** Plan a scrape cycle at start (so fares flow at once), then follow SCRAPE_CRON. */
  SCRAPE_RUN_ON_START: booleanFromEnv.default(true),
  SCRAPE_WORKERS_ENABLED: booleanFromEnv.default(true),
  SCRAPE_CRON: z
    .string()
    .refine((expression) => cron.validate(expression), 'is not a valid cron expression')
    .default('*/10 * * * *'),
  SCRAPE_HORIZON_DAYS: positiveIntFromEnv.max(365).default(7),
  SCRAPE_JOB_TTL_MS: positiveIntFromEnv.default(15 * MINUTE),
  SCRAPE_MAX_BACKLOG: positiveIntFromEnv.default(5_000),
  SCRAPE_WORKER_CONCURRENCY: positiveIntFromEnv.max(512).default(16),
  SCRAPE_MAX_ATTEMPTS: positiveIntFromEnv.max(20).default(5),
  SCRAPE_RETRY_BASE_MS: positiveIntFromEnv.default(200),
  SCRAPE_RETRY_CAP_MS: positiveIntFromEnv.default(10_000),
  SCRAPE_MAX_RETRY_AFTER_MS: positiveIntFromEnv.default(30_000),
  SCRAPE_LEASE_MS: positiveIntFromEnv.default(5 * MINUTE),
  HEARTBEAT_INTERVAL_MS: positiveIntFromEnv.default(HOUR),
});

export type IngestConfig = z.output<typeof ingestEnvSchema>;

export const loadIngestConfig = (env: NodeJS.ProcessEnv): Readonly<IngestConfig> => loadConfig(ingestEnvSchema, env);
