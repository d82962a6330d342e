import {
  amqpEnv,
  cassandraEnv,
  loadConfig,
  logEnv,
  positiveIntFromEnv,
  postgresEnv,
  regionMappingEnv,
  regionsOf,
} from '@fareflow/shared';
import { z } from 'zod';

const HOUR_MS = 60 * 60 * 1000;

/**
 * The aggregator's environment. Defaults are the tuned values from `npm run bench -- pipeline`; batch
 * settings apply to each region's consumer.
 */
export const aggregatorConfigSchema = z.object({
  ...logEnv,
  ...postgresEnv,
  ...amqpEnv,
  ...cassandraEnv,
  /** Which region (queue and keyspace) a flight's origin airport belongs to; the same as ingest's and order's. */
  ...regionMappingEnv,
  /** 0 picks a free port (tests). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).default(9102),
  FARE_BATCH_SIZE: positiveIntFromEnv.max(5_000).default(1_000),
  FARE_BATCH_WAIT_MS: positiveIntFromEnv.default(25),
  FARE_MAX_CONCURRENT_BATCHES: positiveIntFromEnv.max(32).default(2),
  INVENTORY_BATCH_SIZE: positiveIntFromEnv.max(5_000).default(100),
  INVENTORY_BATCH_WAIT_MS: positiveIntFromEnv.default(25),
  INVENTORY_MAX_CONCURRENT_BATCHES: positiveIntFromEnv.max(32).default(2),
  /** Cassandra writes in flight per region and batch. */
  CASSANDRA_WRITE_CONCURRENCY: positiveIntFromEnv.max(2_048).default(64),
  /** A flight's rows leave the regional store this long after its departure (Cassandra TTL). */
  CURRENT_FARE_GRACE_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(6 * 60),
  /** Event times later than now plus this are refused (they would win every later write). */
  MAX_CLOCK_SKEW_MS: positiveIntFromEnv.default(5 * 60 * 1000),
  PARTITION_MONTHS_AHEAD: positiveIntFromEnv.max(24).default(3),
  PARTITION_CHECK_INTERVAL_MS: positiveIntFromEnv.default(24 * HOUR_MS),
  RETRY_BASE_MS: positiveIntFromEnv.default(200),
  RETRY_CAP_MS: positiveIntFromEnv.default(10_000),
  SHUTDOWN_TIMEOUT_MS: positiveIntFromEnv.default(30_000),
});
export type AggregatorConfig = Readonly<z.output<typeof aggregatorConfigSchema>>;

/** Parses and freezes the environment; throws a ConfigError naming every bad variable. */
export function loadAggregatorConfig(env: NodeJS.ProcessEnv): AggregatorConfig {
  return loadConfig(aggregatorConfigSchema, env);
}

/**
 * Regions the mapping can produce that have no Cassandra: their flights are dead-lettered
 * (REGION_NOT_CONFIGURED). Legitimate for a deployment that serves some regions only, so a warning.
 */
export function regionsWithoutCassandra(config: AggregatorConfig): string[] {
  return regionsOf(config.REGION_MAPPING).filter((region) => !Object.hasOwn(config.CASSANDRA_REGIONS, region));
}
