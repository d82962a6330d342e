import {
  amqpEnv,
  booleanFromEnv,
  cassandraEnv,
  DECIMAL_PATTERN,
  defaultRegionMapping,
  jsonFromEnv,
  loadConfig,
  logEnv,
  positiveIntFromEnv,
  postgresEnv,
  regionMappingSchema,
} from '@fareflow/shared';
import { z } from 'zod';

const HOUR_MS = 60 * 60 * 1000;

/** Spend per currency per UTC day, e.g. `{"EUR":"5000.00"}`. Empty: pre-orders are off. */
const budgetsSchema = z.record(
  z.string().regex(/^[A-Z]{3}$/, 'keys are ISO 4217 codes'),
  z.string().regex(DECIMAL_PATTERN, 'amounts are decimal strings such as "5000.00"'),
);

export const predictorConfigSchema = z.object({
  ...logEnv,
  ...postgresEnv,
  ...amqpEnv,
  ...cassandraEnv,
  REGION_MAPPING: jsonFromEnv(regionMappingSchema).default(defaultRegionMapping),
  /** 0 picks a free port (tests). */
  METRICS_PORT: z.coerce.number().int().min(0).max(65_535).default(9103),
  /** The forecast job runs every N minutes (a divisor-friendly 1..59; cron `*\/N * * * *`). */
  FORECAST_INTERVAL_MINUTES: positiveIntFromEnv.max(59).default(15),
  FORECAST_RUN_ON_START: booleanFromEnv.default(true),
  /** Days of price history the model learns from on each run. */
  HISTORY_DAYS: positiveIntFromEnv.max(730).default(180),
  /** A flight is active when it departs today or later and was observed within this many days. */
  ACTIVE_WITHIN_DAYS: positiveIntFromEnv.max(60).default(3),
  PREORDER_BUDGETS: jsonFromEnv(budgetsSchema).default({}),
  PREORDER_MAX_SEATS_PER_FLIGHT: positiveIntFromEnv.max(500).default(10),
  PREORDER_DEMAND_SHARE: z.coerce.number().gt(0).max(1).default(0.5),
  PREORDER_MIN_CONFIDENCE: z.coerce.number().min(0).max(1).default(0.6),
  PREORDER_MIN_EXPECTED_BOOKINGS: z.coerce.number().min(0).default(2),
  PREORDER_PRICE_TOLERANCE_BP: z.coerce.number().int().min(0).max(5_000).default(200),
  PREORDER_EXPIRES_AFTER_MS: positiveIntFromEnv.default(6 * HOUR_MS),
  SHUTDOWN_TIMEOUT_MS: positiveIntFromEnv.default(30_000),
});
export type PredictorConfig = Readonly<z.output<typeof predictorConfigSchema>>;

/** Parses and freezes the environment; throws a ConfigError naming every bad variable. */
export function loadPredictorConfig(env: NodeJS.ProcessEnv): PredictorConfig {
  return loadConfig(predictorConfigSchema, env);
}
