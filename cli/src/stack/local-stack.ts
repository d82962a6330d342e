import { z } from 'zod';

/** A service process that `fareflow start` runs: its entry point and the environment it adds. */
export interface ProcessSpec {
  name: string;
  entry: string;
  env: Record<string, string>;
}

const port = z.coerce.number().int().min(0).max(65_535);

/**
 * Ports of the settings that several services read under the same name (`METRICS_PORT`, `PORT`),
 * so each process of one stack gets its own. Every other variable reaches every service as it is.
 */
export const stackEnvSchema = z.object({
  INGEST_METRICS_PORT: port.default(9101),
  AGGREGATOR_METRICS_PORT: port.default(9102),
  PREDICTOR_METRICS_PORT: port.default(9103),
  API_US_PORT: port.default(8081),
  API_EU_PORT: port.default(8082),
  CONSOLE_PORT: port.default(8080),
  /** The order service reads it too; the console proxies to it. */
  ORDER_API_PORT: port.default(8090),
  /** A crashed service restarts after this delay, doubled per restart within the window (max 15 s). */
  STACK_RESTART_DELAY_MS: z.coerce.number().int().min(0).default(500),
  /** A crash loop: this many restarts of one service within the window stop the stack (exit 1). */
  STACK_MAX_RESTARTS: z.coerce.number().int().min(0).default(5),
  STACK_RESTART_WINDOW_MS: z.coerce.number().int().min(1).default(60_000),
});
export type StackConfig = z.output<typeof stackEnvSchema>;

/** The console proxies this stack's APIs and shows its services' health and metrics. */
function consoleEnv(config: StackConfig): Record<string, string> {
  const local = (port: number) => `http://127.0.0.1:${port}`;
  return {
    CONSOLE_PORT: String(config.CONSOLE_PORT),
    API_US_URL: local(config.API_US_PORT),
    API_EU_URL: local(config.API_EU_PORT),
    ORDER_API_URL: local(config.ORDER_API_PORT),
    CONSOLE_SERVICES: JSON.stringify({
      'api-us': { url: local(config.API_US_PORT), health: '/readyz' },
      'api-eu': { url: local(config.API_EU_PORT), health: '/readyz' },
      order: { url: local(config.ORDER_API_PORT), health: '/readyz' },
      ingest: { url: local(config.INGEST_METRICS_PORT), health: '/healthz' },
      aggregator: { url: local(config.AGGREGATOR_METRICS_PORT), health: '/healthz' },
      predictor: { url: local(config.PREDICTOR_METRICS_PORT), health: '/healthz' },
    }),
  };
}

/** Every Fareflow service as its own process, as in production: one availability API per region. */
export function localStack(config: StackConfig): ProcessSpec[] {
  const metrics = (value: number) => ({ METRICS_PORT: String(value) });
  return [
    { name: 'ingest', entry: 'ingest/src/index.ts', env: metrics(config.INGEST_METRICS_PORT) },
    { name: 'aggregator', entry: 'aggregator/src/index.ts', env: metrics(config.AGGREGATOR_METRICS_PORT) },
    { name: 'predictor', entry: 'predictor/src/index.ts', env: metrics(config.PREDICTOR_METRICS_PORT) },
    { name: 'order', entry: 'order/src/index.ts', env: { WEBHOOK_ALLOW_HTTP_LOOPBACK: 'true' } },
    { name: 'api-us', entry: 'availability-api/src/index.ts', env: { REGION: 'us', PORT: String(config.API_US_PORT) } },
    { name: 'api-eu', entry: 'availability-api/src/index.ts', env: { REGION: 'eu', PORT: String(config.API_EU_PORT) } },
    { name: 'console', entry: 'console/src/server/index.ts', env: consoleEnv(config) },
  ];
}
