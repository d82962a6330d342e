import {
  booleanFromEnv,
  cassandraEnv,
  defaultRegionMapping,
  jsonFromEnv,
  loadConfig,
  logEnv,
  positiveIntFromEnv,
  postgresEnv,
  regionMappingSchema,
  salesEnv,
} from '@fareflow/shared';
import { z } from 'zod';

const region = z.string().regex(/^[a-z]{2,8}$/, 'must be a region name such as "us" or "eu"');
const baseUrl = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ''));

/** `https://site.example[:port]` exactly: what a browser sends in `Origin` (no path, no trailing slash). */
function isOrigin(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.origin === text;
  } catch {
    return false;
  }
}

export const defaultRegionApiUrls = { us: 'http://127.0.0.1:8081', eu: 'http://127.0.0.1:8082' };
const defaultPorts: Record<string, number> = { us: 8081, eu: 8082 };

export const availabilityEnvSchema = z
  .object({
    ...logEnv,
    ...postgresEnv,
    ...cassandraEnv,
    /** Which region this process serves; its Cassandra client talks to that datacenter only. */
    REGION: region,
    /** Defaults to 8081 for `us` and 8082 for `eu`. */
    PORT: z.coerce.number().int().min(1).max(65_535).optional(),
    HOST: z.string().min(1).default('127.0.0.1'),
    /** Base URL of each region's API, for the 307 of routes whose origin is elsewhere. */
    REGION_API_URLS: jsonFromEnv(z.record(region, baseUrl)).default(defaultRegionApiUrls),
    REGION_MAPPING: jsonFromEnv(regionMappingSchema).default(defaultRegionMapping),
    /** Browser origins allowed to call the API (CORS), comma-separated, e.g. `https://www.site.example`; none by default. */
    CORS_ORIGINS: z
      .string()
      .default('')
      .transform((list) =>
        list
          .split(',')
          .map((origin) => origin.trim())
          .filter(Boolean),
      )
      .pipe(
        z.array(z.string().refine(isOrigin, 'each origin must be scheme://host[:port], e.g. https://www.site.example')),
      ),
    /** Signs paging cursors. Instances behind one load balancer must share it. */
    CURSOR_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    ...salesEnv,
    /** How long an offer id holds its price (never past the sales cut-off). */
    OFFER_TTL_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .default(20),
    CACHE_ENABLED: booleanFromEnv.default(true),
    /** Two cache levels (partitions, responses) stack, so 2 x TTL must stay under the 2 s freshness goal. */
    CACHE_TTL_MS: z.coerce.number().int().min(1).max(900).default(750),
    CACHE_MAX_ENTRIES: positiveIntFromEnv.default(20_000),
    CACHE_MAX_BYTES: positiveIntFromEnv.default(64 * 1024 * 1024),
    /** A query to Cassandra that has not answered by then fails with 503 (the API never hangs). */
    STORE_TIMEOUT_MS: positiveIntFromEnv.default(1_500),
    MIN_CONNECTION_MINUTES: positiveIntFromEnv.default(45),
    MAX_CONNECTION_MINUTES: positiveIntFromEnv.default(6 * 60),
    /** Hubs tried per stop when building connections (bounds the fan-out of one search). */
    MAX_HUBS_PER_STOP: positiveIntFromEnv.default(40),
    /** Partial trips kept per change airport after each middle leg (bounds trips of 2 and 3 stops). */
    MAX_PATHS_PER_HUB: positiveIntFromEnv.default(20),
    STREAM_POLL_MS: z.coerce.number().int().min(100).max(1_500).default(1_000),
    STREAM_MAX_CONNECTIONS: positiveIntFromEnv.default(1_000),
    API_KEY_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
    LOG_REQUESTS: booleanFromEnv.default(false),
    SHUTDOWN_TIMEOUT_MS: positiveIntFromEnv.default(10_000),
  })
  .superRefine((env, ctx) => {
    if (!env.CASSANDRA_REGIONS[env.REGION]) {
      ctx.addIssue({ code: 'custom', path: ['REGION'], message: 'has no entry in CASSANDRA_REGIONS' });
    }
    const named = [env.REGION_MAPPING.defaultRegion, ...env.REGION_MAPPING.rules.map((rule) => rule.region)];
    for (const name of named.filter((candidate) => !env.REGION_API_URLS[candidate])) {
      ctx.addIssue({ code: 'custom', path: ['REGION_API_URLS'], message: `has no URL for region "${name}"` });
    }
    if (env.MIN_CONNECTION_MINUTES >= env.MAX_CONNECTION_MINUTES) {
      ctx.addIssue({
        code: 'custom',
        path: ['MIN_CONNECTION_MINUTES'],
        message: 'must be below MAX_CONNECTION_MINUTES',
      });
    }
  })
  .transform((env) => ({ ...env, PORT: env.PORT ?? defaultPorts[env.REGION] ?? 8080 }));

export type AvailabilityConfig = z.output<typeof availabilityEnvSchema>;

export const loadAvailabilityConfig = (env: NodeJS.ProcessEnv): Readonly<AvailabilityConfig> =>
  loadConfig(availabilityEnvSchema, env);
