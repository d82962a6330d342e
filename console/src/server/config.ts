import { jsonFromEnv, loadConfig, logEnv } from '@fareflow/shared';
import { z } from 'zod';

const baseUrl = z.url({ protocol: /^https?$/ }).transform((url) => url.replace(/\/+$/, ''));

/** Every service whose health and metrics the Operations page shows: its base URL and health path. */
const serviceSchema = z.object({ url: baseUrl, health: z.enum(['/readyz', '/healthz']) });
export type ServiceEndpoint = z.infer<typeof serviceSchema>;

const defaultServices: Record<string, ServiceEndpoint> = {
  'api-us': { url: 'http://127.0.0.1:8081', health: '/readyz' },
  'api-eu': { url: 'http://127.0.0.1:8082', health: '/readyz' },
  order: { url: 'http://127.0.0.1:8090', health: '/readyz' },
  ingest: { url: 'http://127.0.0.1:9101', health: '/healthz' },
  aggregator: { url: 'http://127.0.0.1:9102', health: '/healthz' },
  predictor: { url: 'http://127.0.0.1:9103', health: '/healthz' },
};

export const consoleEnvSchema = z.object({
  ...logEnv,
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
  CONSOLE_PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  CONSOLE_HOST: z.string().min(1).default('127.0.0.1'),
  /** Where searches go first; a foreign origin's 307 is followed to the other region's API. */
  API_US_URL: baseUrl.default('http://127.0.0.1:8081'),
  API_EU_URL: baseUrl.default('http://127.0.0.1:8082'),
  ORDER_API_URL: baseUrl.default('http://127.0.0.1:8090'),
  CONSOLE_SERVICES: jsonFromEnv(z.record(z.string().regex(/^[a-z0-9-]+$/), serviceSchema)).default(defaultServices),
  /** Each upstream request's deadline (an order placed with `Prefer: wait=10` needs more than 10 s). */
  UPSTREAM_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  /** Rebuild the browser bundle at start (esbuild, well under a second); `false` serves what is in dist/. */
  CONSOLE_BUILD_ON_START: z.enum(['true', 'false']).default('true'),
});
export type ConsoleConfig = z.output<typeof consoleEnvSchema>;

export const loadConsoleConfig = (env: NodeJS.ProcessEnv): ConsoleConfig => loadConfig(consoleEnvSchema, env);
