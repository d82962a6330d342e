import { createApiKey, createMetricsRegistry, exponentialBackoff, findPrincipalByToken } from '@fareflow/shared';
import { uniqueName } from '@fareflow/shared/test/support/test-resources';
import type { FastifyInstance } from 'fastify';

import { createWebhookSender } from '../../src/adapters/webhook-http-sender';
import { createWebhookSecretBox } from '../../src/adapters/webhook-secret-box';
import { buildApp } from '../../src/app';
import type { WebhookUrlPolicy } from '../../src/domain/webhook-url-policy';
import { createSettledListener } from '../../src/http/order-settled-listener';
import type { WebhookCommandDeps } from '../../src/use-cases/webhook-endpoints';
import { createWebhookMetrics } from '../../src/webhook-metrics';
import { createWebhookDispatcher, type WebhookDispatcher } from '../../src/workers/webhook-dispatcher';
import type { OrderHarness } from './order-harness';

export const TEST_WEBHOOK_KEY = 'webhook-test-secret-key-0123456789abcdef';
export const loopbackPolicy: WebhookUrlPolicy = { allowHttpLoopback: true, allowPrivateNetworks: false };

export function webhookCommandDeps(h: OrderHarness, policy: WebhookUrlPolicy = loopbackPolicy): WebhookCommandDeps {
  return {
    pool: h.db.pool,
    secrets: createWebhookSecretBox(TEST_WEBHOOK_KEY),
    policy,
    retryWindowMs: 60_000,
    maxEndpointsPerTenant: 5,
  };
}

/** The order API with the webhook routes, as the composition root builds it. */
export async function buildWebhookApp(
  h: OrderHarness,
  policy: WebhookUrlPolicy = loopbackPolicy,
): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const listener = await createSettledListener({
    pool: h.db.pool,
    channel: h.commands.settledChannel,
    logger: h.logger,
  });
  const app = await buildApp({
    logger: h.logger,
    registry: createMetricsRegistry('order-webhook-test'),
    findPrincipal: (token) => findPrincipalByToken(h.db.pool, token),
    submit: h.submitDeps,
    commands: h.commands,
    listener,
    maxWaitSeconds: 5,
    readinessChecks: {},
    webhooks: webhookCommandDeps(h, policy),
  });
  return {
    app,
    async close() {
      await app.close();
      await listener.close();
    },
  };
}

/** A delivery worker in-process, retrying in milliseconds. */
export function startTestDispatcher(
  h: OrderHarness,
  options: { timeoutMs?: number; concurrency?: number; holdExpiringLeadMs?: number; disableAfterMs?: number } = {},
): WebhookDispatcher {
  const timeoutMs = options.timeoutMs ?? 2_000;
  const dispatcher = createWebhookDispatcher({
    pool: h.db.pool,
    logger: h.logger,
    metrics: createWebhookMetrics(createMetricsRegistry('order-webhook-test')),
    secrets: createWebhookSecretBox(TEST_WEBHOOK_KEY),
    sender: createWebhookSender({ policy: loopbackPolicy, timeoutMs, maxSocketsPerHost: 8 }),
    backoff: exponentialBackoff({ baseMs: 20, capMs: 100 }),
    disableAfterMs: options.disableAfterMs ?? 60_000,
    concurrency: options.concurrency ?? 4,
    perEndpoint: 10,
    leaseMs: timeoutMs * 10 + 1_000,
    pollMs: 20,
    retryWindowMs: 60_000,
    holdExpiringLeadMs: options.holdExpiringLeadMs ?? 1_000,
  });
  dispatcher.start();
  return dispatcher;
}

export async function createWebhookKey(h: OrderHarness, tenant: string, scopes = ['webhooks:write' as const]) {
  const { token } = await createApiKey(h.db.pool, {
    name: uniqueName(`${tenant}-`),
    tenant,
    scopes,
    rateLimitPerMinute: 1_000_000,
  });
  return token;
}

/** Registers an endpoint through the API; returns its id and secret. */
export async function registerEndpoint(
  app: FastifyInstance,
  token: string,
  url: string,
  eventTypes: string[],
): Promise<{ id: string; secret: string }> {
  const response = await app.inject({
    method: 'POST',
    url: '/v1/webhooks',
    headers: { authorization: `Bearer ${token}` },
    payload: { url, eventTypes },
  });
  if (response.statusCode !== 201) {
    throw new Error(`register failed: ${response.statusCode} ${response.body}`);
  }
  return response.json<{ id: string; secret: string }>();
}
