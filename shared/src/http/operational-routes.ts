import type { FastifyInstance } from 'fastify';
import { Histogram, type Registry } from 'prom-client';

declare module 'fastify' {
  interface FastifySchema {
    /** Leaves the route out of the OpenAPI document (as `@fastify/swagger` reads it). */
    hide?: boolean;
  }
}

/** A readiness probe: resolves when the dependency answers, rejects (or times out) when it does not. */
export type ReadinessCheck = () => Promise<void>;

export interface OperationalRoutesOptions {
  registry: Registry;
  /** Named dependency checks run by `/readyz` (e.g. `{ cassandra: () => ping(...) }`). */
  readinessChecks: Record<string, ReadinessCheck>;
  /** A check that has not answered after this long counts as failed, so `/readyz` never hangs. Default 1 s. */
  readinessTimeoutMs?: number;
}

export interface ReadinessReport {
  status: 'ready' | 'not_ready';
  checks: Record<string, { ok: boolean; error?: string }>;
}

/**
 * `GET /healthz` (the process is alive: always 200), `GET /readyz` (every dependency answers:
 * 200, else 503 naming the failing ones), `GET /metrics` (Prometheus text), none behind a key,
 * hidden from the OpenAPI document; plus an `http_request_duration_seconds` histogram per route.
 */
export function registerOperationalRoutes(app: FastifyInstance, options: OperationalRoutesOptions): void {
  const timeoutMs = options.readinessTimeoutMs ?? 1_000;
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [options.registry],
  });
  app.addHook('onResponse', (request, reply, done) => {
    duration.observe(
      { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: reply.statusCode },
      reply.elapsedTime / 1000,
    );
    done();
  });

  const hidden = { schema: { hide: true } };
  app.get('/healthz', hidden, (_request, reply) => reply.send({ status: 'ok' }));
  app.get('/readyz', hidden, async (_request, reply) => {
    const report = await checkReadiness(options.readinessChecks, timeoutMs);
    return reply.code(report.status === 'ready' ? 200 : 503).send(report);
  });
  app.get('/metrics', hidden, async (_request, reply) =>
    reply.type(options.registry.contentType).send(await options.registry.metrics()),
  );
}

export async function checkReadiness(
  checks: Record<string, ReadinessCheck>,
  timeoutMs: number,
): Promise<ReadinessReport> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await withDeadline(check(), timeoutMs);
        return [name, { ok: true }] as const;
      } catch (error) {
        return [name, { ok: false, error: error instanceof Error ? error.message : String(error) }] as const;
      }
    }),
  );
  const isReady = entries.every(([, result]) => result.ok);
  return { status: isReady ? 'ready' : 'not_ready', checks: Object.fromEntries(entries) };
}

function withDeadline<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
