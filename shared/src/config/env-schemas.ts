import { z } from 'zod';

import { defaultRegionMapping, regionMappingSchema, regionNameSchema } from '../geo/region-mapping';
import { logFormats } from '../logging/pretty';

/** Environment fragments shared by several services. Each service composes its own schema. */

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

/** Reads "true"/"false"/"1"/"0" strictly; anything else is a config error, not `false`. */
export const booleanFromEnv = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

export const positiveIntFromEnv = z.coerce.number().int().positive();

export const logEnv = {
  LOG_LEVEL: logLevel.default('info'),
  /** `auto`: readable lines on a terminal, JSON otherwise; `json` or `pretty` to choose. */
  LOG_FORMAT: z.enum(logFormats).default('auto'),
};

export const postgresEnv = {
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).default('postgres://postgres@127.0.0.1:5432/fareflow'),
  /** The PostgreSQL schema that holds Fareflow's tables; tests use a fresh one each. */
  PG_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lower-case SQL identifier')
    .default('fareflow'),
  PG_POOL_MAX: positiveIntFromEnv.default(10),
};

export const amqpEnv = {
  AMQP_URL: z.url({ protocol: /^amqps?$/ }).default('amqp://guest:guest@127.0.0.1:5672'),
  /** Prefix of every exchange and queue name, so several stacks (or tests) share one broker. */
  AMQP_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9-]{0,40}$/, 'must be lower-case letters, digits and dashes')
    .default('fareflow'),
};

/**
 * Regions and where their Cassandra datacenters are. `CASSANDRA_REGIONS` is a JSON object:
 * `{"us": {"contactPoints": ["127.0.0.1"], "localDataCenter": "us"}, ...}`.
 */
export const regionSettingsSchema = z.record(
  regionNameSchema,
  z.object({
    contactPoints: z.array(z.string().min(1)).min(1),
    localDataCenter: z.string().min(1),
  }),
);
export type RegionSettings = z.infer<typeof regionSettingsSchema>;

export const defaultRegionSettings: RegionSettings = {
  us: { contactPoints: ['127.0.0.1'], localDataCenter: 'us' },
  eu: { contactPoints: ['127.0.0.2'], localDataCenter: 'eu' },
};

export const jsonFromEnv = <T extends z.ZodType>(schema: T) =>
  z.string().transform((text, ctx): z.output<T> => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
      return z.NEVER;
    }
    const result = schema.safeParse(parsed);
    if (!result.success) {
      for (const issue of result.error.issues) {
        ctx.addIssue({ code: 'custom', message: `${issue.path.join('.')}: ${issue.message}` });
      }
      return z.NEVER;
    }
    return result.data;
  });

export const cassandraEnv = {
  CASSANDRA_REGIONS: jsonFromEnv(regionSettingsSchema).default(defaultRegionSettings),
  /** Keyspace of region R is `${CASSANDRA_KEYSPACE_PREFIX}_${R}`. */
  CASSANDRA_KEYSPACE_PREFIX: z
    .string()
    .regex(/^[a-z][a-z0-9_]{0,30}$/, 'must be a lower-case CQL identifier')
    .default('fareflow'),
};

/**
 * Which region a flight belongs to, by origin airport (JSON, `regionMappingSchema`). Every service that
 * routes or stores by region (ingest, order, aggregator, the APIs) must run with the same mapping.
 */
export const regionMappingEnv = {
  REGION_MAPPING: jsonFromEnv(regionMappingSchema).default(defaultRegionMapping),
};

/**
 * What may be sold and at which price, shared by the availability APIs (which offer) and the order
 * service (which sells): both must use the same values.
 */
export const salesEnv = {
  /** Signs offer ids (HMAC-SHA256): the availability APIs mint them, the order service verifies them. */
  OFFER_SECRET: z.string().min(32, 'must be at least 32 characters (the APIs and the order service share it)'),
  /** No offer, order, change, hold or hold payment for a flight departing within this many minutes. */
  SALES_CUTOFF_MINUTES: z.coerce
    .number()
    .int()
    .min(0)
    .max(7 * 24 * 60)
    .default(60),
};
