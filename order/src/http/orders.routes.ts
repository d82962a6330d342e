import type { ApiKeyGuard, ApiPrincipal } from '@fareflow/shared';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

import type { OrderLoader } from '../adapters/order-loader';
import { listOrders } from '../adapters/order-reads.repository';
import { isInFlight, type Order } from '../domain/order';
import { orderNotFound } from '../domain/order-errors';
import { cancelOrder } from '../use-cases/cancel-order';
import { changeOrder } from '../use-cases/change-order';
import type { OrderCommandDeps } from '../use-cases/order-commands';
import { payHold } from '../use-cases/pay-hold';
import { submitOrder, type SubmitOrderDeps } from '../use-cases/submit-order';
import {
  changeOrderBodySchema,
  createOrderBodySchema,
  errorResponseSchema,
  idempotencyHeadersSchema,
  listOrdersQuerySchema,
  orderListResponseSchema,
  orderParamsSchema,
  orderResponseSchema,
  payOrderBodySchema,
} from './order.schemas';
import { toChangeRequest, toOrderRequest } from './order-request.mapper';
import { orderPath, parsePreferWait, toOrderResponse } from './order-response.mapper';
import type { SettledListener } from './order-settled-listener';

export interface OrderRoutesDeps {
  guard: ApiKeyGuard;
  submit: SubmitOrderDeps;
  commands: OrderCommandDeps;
  listener: SettledListener;
  /** Reads one order of a tenant (batched with concurrent reads). */
  loadOrder: OrderLoader;
  /** Cap of `Prefer: wait=N`, in seconds. */
  maxWaitSeconds: number;
}

const errors = {
  400: errorResponseSchema.describe('Invalid input; `field` names it'),
  401: errorResponseSchema.describe('Missing, unknown or revoked API key'),
  403: errorResponseSchema.describe('The API key lacks the scope'),
  404: errorResponseSchema.describe('No such order for this tenant'),
  429: errorResponseSchema.describe('The key exceeded its rate limit; see Retry-After'),
};
const bodyErrors = {
  413: errorResponseSchema.describe('Body larger than 64 KiB'),
  415: errorResponseSchema.describe('Body is not application/json'),
};
const security = [{ apiKey: [] }];
const tags = ['orders'];

function principalOf(request: FastifyRequest): ApiPrincipal {
  if (!request.principal) {
    throw new Error('route is missing the API-key guard');
  }
  return request.principal;
}

export function registerOrderRoutes(app: FastifyInstance, deps: OrderRoutesDeps): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { pool } = deps.commands;
  const { loadOrder } = deps;

  /** Waits (bounded) for an in-flight order to settle; `settled` must be subscribed before the order can settle. */
  async function awaitSettled(order: Order, settled: Promise<boolean> | undefined): Promise<Order> {
    if (!settled || !isInFlight(order.status)) {
      return order;
    }
    await settled;
    return (await loadOrder(order.tenant, order.orderId)) ?? order;
  }

  function reply(response: FastifyReply, order: Order, waitSeconds?: number) {
    if (waitSeconds !== undefined) {
      void response.header('preference-applied', `wait=${waitSeconds}`);
    }
    return response
      .code(isInFlight(order.status) ? 202 : 200)
      .header('location', orderPath(order.orderId))
      .send(toOrderResponse(order));
  }

  routes.post(
    '/v1/orders',
    {
      onRequest: deps.guard.requireScope('orders:write'),
      schema: {
        summary: 'Places an order (instant, or a hold paid later)',
        description:
          'Scope `orders:write`. Answers 202 with `Location` once the order is recorded as `pending`; with ' +
          '`Prefer: wait=N` the final state if reached within N seconds (200). The same `Idempotency-Key` with the ' +
          'same body answers the same order; with another body 409.',
        tags,
        security,
        headers: idempotencyHeadersSchema,
        body: createOrderBodySchema,
        response: {
          200: orderResponseSchema.describe('The order reached its final state within Prefer: wait'),
          202: orderResponseSchema.describe('Recorded; follow Location'),
          409: errorResponseSchema.describe('The Idempotency-Key was used with another body'),
          ...errors,
          ...bodyErrors,
        },
      },
    },
    async (request, response) => {
      const tenant = principalOf(request).tenant;
      const waitSeconds = parsePreferWait(request.headers.prefer, deps.maxWaitSeconds);
      let settled: Promise<boolean> | undefined;
      const { order, isNew } = await submitOrder(
        deps.submit,
        tenant,
        request.headers['idempotency-key'],
        toOrderRequest(request.body),
        (id) => {
          // Subscribed before the publish: the worker's notification cannot come before we listen.
          settled = waitSeconds ? deps.listener.waitFor(id, waitSeconds * 1000) : undefined;
        },
      );
      if (!isNew && waitSeconds && isInFlight(order.status)) {
        settled = deps.listener.waitFor(order.orderId, waitSeconds * 1000);
        const current = await loadOrder(tenant, order.orderId);
        if (current && !isInFlight(current.status)) {
          return reply(response, current, waitSeconds);
        }
      }
      return reply(response, await awaitSettled(order, settled), waitSeconds);
    },
  );

  routes.get(
    '/v1/orders/:orderId',
    {
      onRequest: deps.guard.requireScope('orders:read'),
      schema: {
        summary: "One of the caller's orders",
        description: "Scope `orders:read`. Another tenant's order is 404. 202 while the order is in flight.",
        tags,
        security,
        params: orderParamsSchema,
        response: { 200: orderResponseSchema, 202: orderResponseSchema, ...errors },
      },
    },
    async (request, response) => {
      const order = await loadOrder(principalOf(request).tenant, request.params.orderId);
      if (!order) {
        throw orderNotFound(request.params.orderId);
      }
      return reply(response, order);
    },
  );

  routes.get(
    '/v1/orders',
    {
      onRequest: deps.guard.requireScope('orders:read'),
      schema: {
        summary: "The caller's orders, newest first",
        description: 'Scope `orders:read`. `from` and `to` bound the creation time; `from` after `to` is 400.',
        tags,
        security,
        querystring: listOrdersQuerySchema,
        response: { 200: orderListResponseSchema, ...errors },
      },
    },
    async (request) => {
      const { status, from, to, limit } = request.query;
      const orders = await listOrders(pool, principalOf(request).tenant, {
        status,
        from: from === undefined ? undefined : new Date(from),
        to: to === undefined ? undefined : new Date(to),
        limit,
      });
      return { orders: orders.map(toOrderResponse) };
    },
  );

  const commandSchema = {
    tags,
    security,
    params: orderParamsSchema,
    response: {
      200: orderResponseSchema,
      402: errorResponseSchema.describe('The payment was declined'),
      409: errorResponseSchema.describe('Not possible in the order’s current state'),
      ...errors,
      ...bodyErrors,
    },
  };

  routes.post(
    '/v1/orders/:orderId/cancel',
    {
      onRequest: deps.guard.requireScope('orders:write'),
      schema: { ...commandSchema, summary: 'Cancels an order: refund, seats released (scope `orders:write`)' },
    },
    async (request, response) =>
      reply(response, await cancelOrder(deps.commands, principalOf(request).tenant, request.params.orderId)),
  );

  routes.post(
    '/v1/orders/:orderId/change',
    {
      onRequest: deps.guard.requireScope('orders:write'),
      schema: {
        ...commandSchema,
        summary: 'Moves one item to another flight or day (scope `orders:write`)',
        description:
          'The new seat is secured before the old one is released; the fare difference is charged or refunded.',
        body: changeOrderBodySchema,
      },
    },
    async (request, response) =>
      reply(
        response,
        await changeOrder(
          deps.commands,
          principalOf(request).tenant,
          request.params.orderId,
          toChangeRequest(request.body),
        ),
      ),
  );

  routes.post(
    '/v1/orders/:orderId/pay',
    {
      onRequest: deps.guard.requireScope('orders:write'),
      schema: {
        ...commandSchema,
        summary: 'Pays a hold before its paymentRequiredBy (scope `orders:write`)',
        description: 'Completes an order placed with `type: hold`; the token may be given here or at creation.',
        body: payOrderBodySchema,
      },
    },
    async (request, response) =>
      reply(
        response,
        await payHold(deps.commands, principalOf(request).tenant, request.params.orderId, request.body.paymentToken),
      ),
  );
}
