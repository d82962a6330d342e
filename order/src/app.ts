import {
  createApiKeyGuard,
  createUnsafeTextGuard,
  frameworkErrorHandler,
  type Logger,
  type PrincipalLookup,
  type ReadinessCheck,
  registerErrorHandler,
  registerOperationalRoutes,
} from '@fareflow/shared';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
} from 'fastify-type-provider-zod';
import type { Registry } from 'prom-client';

import { createOrderLoader } from './adapters/order-loader';
import { orderErrorStatus } from './domain/order-errors';
import { webhookErrorStatus } from './domain/webhook-errors';
import type { SettledListener } from './http/order-settled-listener';
import { registerOrderRoutes } from './http/orders.routes';
import { registerWebhookRoutes } from './http/webhooks.routes';
import type { OrderCommandDeps } from './use-cases/order-commands';
import type { SubmitOrderDeps } from './use-cases/submit-order';
import type { WebhookCommandDeps } from './use-cases/webhook-endpoints';
import { seatMoveErrorStatus } from './use-cases/write-decisions';

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
  /** The `/v1/webhooks` routes (scope `webhooks:write`); absent, they are not served. */
  webhooks?: WebhookCommandDeps | undefined;
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
    // Hostile URLs must not cost us: an order id is 36 characters (414/431 come from Node itself).
    routerOptions: { maxParamLength: 200 },
    // Errors Fastify raises before routing (a URL that is not valid percent-encoding) get the JSON error shape.
    frameworkErrors: frameworkErrorHandler,
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app, { statusByCode: { ...orderErrorStatus, ...seatMoveErrorStatus, ...webhookErrorStatus } });
  registerOperationalRoutes(app, { registry: deps.registry, readinessChecks: deps.readinessChecks });
  await registerDocs(app);
  // Edges, in Fastify's order: API key and scope (the guard's `onRequest` hooks: 401/403/429), the body's content
  // type and size (415/413/400), then no control character in any text the routes read (400 naming the field),
  // then the route's zod schemas (400 naming the field).
  app.addHook('preValidation', createUnsafeTextGuard({ headers: ['idempotency-key', 'prefer'] }));
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
  if (deps.webhooks) {
    registerWebhookRoutes(app, { guard, webhooks: deps.webhooks });
  }
  return app;
}

async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Fareflow order API',
        version: '1.0.0',
        description:
          'Orders of travelers and agents: several flights, several passengers, one request; instant or held and ' +
          'paid later. Every `/v1` route needs `Authorization: Bearer <key>` with the scope it names ' +
          '(`orders:write`, `orders:read`, `webhooks:write`); a missing or wrong key answers 401/403 before the input is looked at. ' +
          'Text refuses control characters. Money is an exact decimal string with an ISO 4217 currency; times are ' +
          'ISO 8601. Errors: `{ error: { code, message, field } }`.',
      },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      tags: [
        { name: 'orders', description: 'Place, read, pay, change and cancel orders' },
        {
          name: 'webhooks',
          description:
            'Signed (Standard Webhooks 1.0) push of order events: order.confirmed, order.oversold, order.failed, ' +
            'order.cancelled, order.changed, order.hold_expiring, order.hold_expired, refund.succeeded',
        },
      ],
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}
