import type { ApiKeyGuard, ApiPrincipal } from '@fareflow/shared';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';

import type { DeliveryView } from '../adapters/webhook-deliveries.repository';
import type { WebhookEndpoint } from '../adapters/webhook-endpoints.repository';
import {
  createEndpoint,
  getEndpoint,
  listEndpointDeliveries,
  listTenantEndpoints,
  pingEndpoint,
  redeliverDelivery,
  reenableEndpoint,
  removeEndpoint,
  type WebhookCommandDeps,
} from '../use-cases/webhook-endpoints';
import { errorResponseSchema } from './order.schemas';
import {
  createdWebhookResponseSchema,
  createWebhookBodySchema,
  deliveryListResponseSchema,
  deliveryParamsSchema,
  deliveryResponseSchema,
  listDeliveriesQuerySchema,
  pingResponseSchema,
  webhookListResponseSchema,
  webhookParamsSchema,
  type WebhookResponse,
  webhookResponseSchema,
} from './webhook.schemas';

const SCOPE = 'webhooks:write';
const errors = {
  400: errorResponseSchema.describe('Invalid input; `field` names it'),
  401: errorResponseSchema.describe('Missing, unknown or revoked API key'),
  403: errorResponseSchema.describe('The API key lacks the scope `webhooks:write`'),
  404: errorResponseSchema.describe('No such webhook endpoint (or delivery) for this tenant'),
  429: errorResponseSchema.describe('The key exceeded its rate limit; see Retry-After'),
};
const bodyErrors = {
  413: errorResponseSchema.describe('Body larger than 64 KiB'),
  415: errorResponseSchema.describe('Body is not application/json'),
};
const disabled = { 409: errorResponseSchema.describe('The endpoint is disabled') };
const security = [{ apiKey: [] }];
const tags = ['webhooks'];

const iso = (date: Date | undefined) => date?.toISOString();
const defined = <T extends object>(value: T): T =>
  Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;

export const toWebhookResponse = (endpoint: WebhookEndpoint): WebhookResponse =>
  defined({
    id: endpoint.endpointId,
    url: endpoint.url,
    eventTypes: endpoint.eventTypes,
    description: endpoint.description,
    status: endpoint.status,
    failingSince: iso(endpoint.failingSince),
    lastFailure: endpoint.lastFailure,
    disabledAt: iso(endpoint.disabledAt),
    disabledReason: endpoint.disabledReason,
    createdAt: endpoint.createdAt.toISOString(),
  });

const toDeliveryResponse = (delivery: DeliveryView) =>
  defined({
    id: delivery.deliveryId,
    eventId: delivery.eventId,
    eventType: delivery.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    nextAttemptAt: iso(delivery.nextAttemptAt),
    lastStatusCode: delivery.lastStatusCode,
    lastError: delivery.lastError,
    createdAt: delivery.createdAt.toISOString(),
    deliveredAt: iso(delivery.deliveredAt),
    attemptLog: delivery.attemptLog.map((attempt) => ({ ...attempt, attemptedAt: attempt.attemptedAt.toISOString() })),
  });

function tenantOf(request: FastifyRequest): string {
  const principal: ApiPrincipal | undefined = request.principal;
  if (!principal) {
    throw new Error('route is missing the API-key guard');
  }
  return principal.tenant;
}

/** `/v1/webhooks`: a tenant's endpoints, pings, deliveries and redeliveries (scope `webhooks:write`). */
export function registerWebhookRoutes(
  app: FastifyInstance,
  deps: { guard: ApiKeyGuard; webhooks: WebhookCommandDeps },
): void {
  const routes = app.withTypeProvider<ZodTypeProvider>();
  const { webhooks } = deps;
  const onRequest = deps.guard.requireScope(SCOPE);

  routes.post(
    '/v1/webhooks',
    {
      onRequest,
      schema: {
        summary: 'Registers a webhook endpoint; answers its signing secret once',
        description:
          'Scope `webhooks:write`. The URL must be https and resolve to public addresses only (checked now and at ' +
          'every delivery). Events are signed as Standard Webhooks 1.0 with the returned `secret`.',
        tags,
        security,
        body: createWebhookBodySchema,
        response: {
          201: createdWebhookResponseSchema,
          409: errorResponseSchema.describe('The tenant has as many endpoints as allowed'),
          ...errors,
          ...bodyErrors,
        },
      },
    },
    async (request, response) => {
      const { endpoint, secret } = await createEndpoint(webhooks, tenantOf(request), request.body);
      return response
        .code(201)
        .header('location', `/v1/webhooks/${endpoint.endpointId}`)
        .send({ ...toWebhookResponse(endpoint), secret });
    },
  );

  routes.get(
    '/v1/webhooks',
    {
      onRequest,
      schema: {
        summary: "The tenant's webhook endpoints (never their secrets)",
        tags,
        security,
        response: { 200: webhookListResponseSchema, ...errors },
      },
    },
    async (request) => ({ webhooks: (await listTenantEndpoints(webhooks, tenantOf(request))).map(toWebhookResponse) }),
  );

  routes.get(
    '/v1/webhooks/:webhookId',
    {
      onRequest,
      schema: {
        summary: 'One endpoint: its status, and why it was disabled',
        tags,
        security,
        params: webhookParamsSchema,
        response: { 200: webhookResponseSchema, ...errors },
      },
    },
    async (request) => toWebhookResponse(await getEndpoint(webhooks, tenantOf(request), request.params.webhookId)),
  );

  routes.delete(
    '/v1/webhooks/:webhookId',
    {
      onRequest,
      schema: {
        summary: 'Deletes an endpoint and its deliveries',
        tags,
        security,
        params: webhookParamsSchema,
        response: { 204: z.null().describe('Deleted'), ...errors },
      },
    },
    async (request, response) => {
      await removeEndpoint(webhooks, tenantOf(request), request.params.webhookId);
      return response.code(204).send(null);
    },
  );

  routes.post(
    '/v1/webhooks/:webhookId/enable',
    {
      onRequest,
      schema: {
        summary: 'Re-enables a disabled endpoint (deliveries already failed stay failed: redeliver them)',
        tags,
        security,
        params: webhookParamsSchema,
        response: { 200: webhookResponseSchema, ...errors, ...bodyErrors },
      },
    },
    async (request) => toWebhookResponse(await reenableEndpoint(webhooks, tenantOf(request), request.params.webhookId)),
  );

  routes.post(
    '/v1/webhooks/:webhookId/ping',
    {
      onRequest,
      schema: {
        summary: 'Sends a signed `webhook.ping` event to this endpoint only',
        description: 'Answers 202 at once; the attempt shows in the endpoint’s deliveries.',
        tags,
        security,
        params: webhookParamsSchema,
        response: { 202: pingResponseSchema, ...disabled, ...errors, ...bodyErrors },
      },
    },
    async (request, response) =>
      response.code(202).send(await pingEndpoint(webhooks, tenantOf(request), request.params.webhookId)),
  );

  routes.get(
    '/v1/webhooks/:webhookId/deliveries',
    {
      onRequest,
      schema: {
        summary: "The endpoint's deliveries, newest first, each with its attempts and their status codes",
        tags,
        security,
        params: webhookParamsSchema,
        querystring: listDeliveriesQuerySchema,
        response: { 200: deliveryListResponseSchema, ...errors },
      },
    },
    async (request) => ({
      deliveries: (
        await listEndpointDeliveries(webhooks, tenantOf(request), request.params.webhookId, request.query)
      ).map(toDeliveryResponse),
    }),
  );

  routes.post(
    '/v1/webhooks/:webhookId/deliveries/:deliveryId/redeliver',
    {
      onRequest,
      schema: {
        summary: 'Sends a delivery again (due now, with a fresh retry window), whatever its state',
        tags,
        security,
        params: deliveryParamsSchema,
        response: { 202: deliveryResponseSchema, ...disabled, ...errors, ...bodyErrors },
      },
    },
    async (request, response) => {
      const { webhookId, deliveryId } = request.params;
      return response
        .code(202)
        .send(toDeliveryResponse(await redeliverDelivery(webhooks, tenantOf(request), webhookId, deliveryId)));
    },
  );
}
