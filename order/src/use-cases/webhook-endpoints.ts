import { randomUUID } from 'node:crypto';

import { generateWebhookSecret } from '@fareflow/shared';
import type { Pool } from 'pg';

import { checkWebhookUrl, type ResolveHost } from '../adapters/webhook-address-guard';
import { type DeliveryView, findDelivery, listDeliveries, redeliver } from '../adapters/webhook-deliveries.repository';
import {
  deleteEndpoint,
  enableEndpoint,
  findEndpoint,
  insertEndpoint,
  listEndpoints,
  type WebhookEndpoint,
} from '../adapters/webhook-endpoints.repository';
import { insertPing } from '../adapters/webhook-events.repository';
import type { WebhookSecretBox } from '../adapters/webhook-secret-box';
import { WebhookError, webhookNotFound } from '../domain/webhook-errors';
import type { WebhookEventType } from '../domain/webhook-events';
import type { WebhookUrlPolicy } from '../domain/webhook-url-policy';

/** What the webhook routes need. */
export interface WebhookCommandDeps {
  pool: Pool;
  secrets: WebhookSecretBox;
  policy: WebhookUrlPolicy;
  /** Host name -> addresses (dns.lookup by default; tests inject names). */
  resolveHost?: ResolveHost;
  retryWindowMs: number;
  maxEndpointsPerTenant: number;
}

export interface NewEndpointRequest {
  url: string;
  eventTypes: WebhookEventType[];
  description?: string | undefined;
}

/** Registers an endpoint after checking its URL (form and resolved addresses); the secret is returned once. */
export async function createEndpoint(
  deps: WebhookCommandDeps,
  tenant: string,
  request: NewEndpointRequest,
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  const url = await checkWebhookUrl(request.url, deps.policy, deps.resolveHost);
  const endpointId = randomUUID();
  const secret = generateWebhookSecret();
  const endpoint = await insertEndpoint(
    deps.pool,
    {
      endpointId,
      tenant,
      url: url.toString(),
      eventTypes: [...new Set(request.eventTypes)],
      description: request.description,
      secretCiphertext: deps.secrets.seal(endpointId, secret),
    },
    deps.maxEndpointsPerTenant,
  );
  if (!endpoint) {
    throw new WebhookError(
      'WEBHOOK_LIMIT',
      `a tenant has at most ${deps.maxEndpointsPerTenant} webhook endpoints; delete one first`,
    );
  }
  return { endpoint, secret };
}

export const listTenantEndpoints = (deps: WebhookCommandDeps, tenant: string): Promise<WebhookEndpoint[]> =>
  listEndpoints(deps.pool, tenant);

/** The tenant's endpoint, or WEBHOOK_NOT_FOUND (another tenant's id included). */
export async function getEndpoint(deps: WebhookCommandDeps, tenant: string, id: string): Promise<WebhookEndpoint> {
  const endpoint = await findEndpoint(deps.pool, tenant, id);
  if (!endpoint) {
    throw webhookNotFound(id);
  }
  return endpoint;
}

export async function removeEndpoint(deps: WebhookCommandDeps, tenant: string, id: string): Promise<void> {
  if (!(await deleteEndpoint(deps.pool, tenant, id))) {
    throw webhookNotFound(id);
  }
}

export async function reenableEndpoint(deps: WebhookCommandDeps, tenant: string, id: string): Promise<WebhookEndpoint> {
  const endpoint = await enableEndpoint(deps.pool, tenant, id);
  if (!endpoint) {
    throw webhookNotFound(id);
  }
  return endpoint;
}

const activeEndpoint = async (deps: WebhookCommandDeps, tenant: string, id: string): Promise<WebhookEndpoint> => {
  const endpoint = await getEndpoint(deps, tenant, id);
  if (endpoint.status !== 'active') {
    throw new WebhookError(
      'WEBHOOK_DISABLED',
      `webhook endpoint ${id} is disabled (${endpoint.disabledReason ?? 'no reason'}); POST .../enable first`,
    );
  }
  return endpoint;
};

/** Queues a `webhook.ping` for this endpoint only; its delivery shows in the endpoint's deliveries. */
export async function pingEndpoint(
  deps: WebhookCommandDeps,
  tenant: string,
  id: string,
): Promise<{ eventId: string; deliveryId: string }> {
  await activeEndpoint(deps, tenant, id);
  return insertPing(deps.pool, tenant, id, deps.retryWindowMs);
}

export async function listEndpointDeliveries(
  deps: WebhookCommandDeps,
  tenant: string,
  id: string,
  query: { status?: DeliveryView['status'] | undefined; limit: number },
): Promise<DeliveryView[]> {
  await getEndpoint(deps, tenant, id);
  return listDeliveries(deps.pool, id, query);
}

/** Sends a delivery again (due now, a fresh retry window), whatever happened to it before. */
export async function redeliverDelivery(
  deps: WebhookCommandDeps,
  tenant: string,
  id: string,
  deliveryId: string,
): Promise<DeliveryView> {
  await activeEndpoint(deps, tenant, id);
  const notFound = () => new WebhookError('DELIVERY_NOT_FOUND', `no delivery ${deliveryId} of webhook endpoint ${id}`);
  if (!(await redeliver(deps.pool, id, deliveryId, deps.retryWindowMs))) {
    throw notFound();
  }
  const delivery = await findDelivery(deps.pool, id, deliveryId);
  if (!delivery) {
    throw notFound();
  }
  return delivery;
}
