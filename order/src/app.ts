import {
  createApiKeyGuard,
  type Logger,
  type PrincipalLookup,
  type ReadinessCheck,
  registerErrorHandler,
  registerOperationalRoutes,
} from '@fareflow/shared';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Registry } from 'prom-client';

import { createOrderLoader } from './adapters/order-loader';
import { orderErrorStatus } from './domain/order-errors';
import type { SettledListener } from './http/order-settled-listener';
import { registerOrderRoutes } from './http/orders.routes';
import type { OrderCommandDeps } from './use-cases/order-commands';
import type { SubmitOrderDeps } from './use-cases/submit-order';

export interface AppDeps {
  logger: Logger;
  registry: Registry;
  findPrincipal: PrincipalLookup;
  principalCacheTtlMs?: number;
  submit: SubmitOrderDeps;
  commands: OrderCommandDeps;
  listener: SettledListener;
  maxWaitSeconds: number;
  readinessChecks: Record<string, ReadinessCheck>;
}

/** The order API as a Fastify instance (not listening): tests call `inject`, the root calls `listen`. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  // Typed as Fastify's base logger so the instance is the plain FastifyInstance plugins expect.
  const logger: FastifyBaseLogger = deps.logger.child({ component: 'http' });
  const app = Fastify({
    loggerInstance: logger,
    // Per-request log lines would cost more than the orders themselves at our rates.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 64 * 1024,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app, { statusByCode: orderErrorStatus });
  registerOperationalRoutes(app, { registry: deps.registry, readinessChecks: deps.readinessChecks });
  const guard = await createApiKeyGuard(app, {
    findPrincipal: deps.findPrincipal,
    ...(deps.principalCacheTtlMs === undefined ? {} : { principalCacheTtlMs: deps.principalCacheTtlMs }),
  });
  registerOrderRoutes(app, {
    guard,
    submit: deps.submit,
    commands: deps.commands,
    listener: deps.listener,
    loadOrder: createOrderLoader(deps.commands.pool),
    maxWaitSeconds: deps.maxWaitSeconds,
  });
  return app;
}
