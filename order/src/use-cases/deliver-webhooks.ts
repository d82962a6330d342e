import { type Backoff, coerceError, type Logger, webhookHeaders } from '@fareflow/shared';
import type { Pool } from 'pg';

import { recordEndpointHealth, recordOutcomes } from '../adapters/webhook-deliveries.repository';
import type { WebhookSender } from '../adapters/webhook-http-sender';
import type { WebhookSecretBox } from '../adapters/webhook-secret-box';
import {
  type AttemptResult,
  type ClaimedDelivery,
  type DeliveryOutcome,
  describeResult,
  isDelivered,
  isUnreachable,
  planOutcome,
  webhookBody,
} from '../domain/webhook-delivery';
import type { WebhookMetrics } from '../webhook-metrics';

export interface DeliverWebhooksDeps {
  pool: Pool;
  sender: WebhookSender;
  secrets: WebhookSecretBox;
  /** Delay before attempt n+1 after attempt n failed (jitter and cap included). */
  backoff: Backoff;
  disableAfterMs: number;
  logger: Logger;
  metrics: WebhookMetrics;
  now?: () => Date;
}

/**
 * Sends one endpoint's claimed deliveries one after the other (one connection, kept alive), then
 * records every outcome and the endpoint's health. The first delivery that gets no answer at all
 * (timeout, refused, address not allowed) puts the rest back untried, due with its retry: a dead
 * receiver costs one timeout per claim, not one per event.
 */
export async function deliverToEndpoint(deps: DeliverWebhooksDeps, deliveries: ClaimedDelivery[]): Promise<void> {
  const [first] = deliveries;
  if (!first) {
    return;
  }
  const outcomes: DeliveryOutcome[] = [];
  const secret = openSecret(deps, first);
  let unanswered: Date | undefined;
  for (const delivery of deliveries) {
    if (unanswered) {
      outcomes.push({ kind: 'skipped', deliveryId: delivery.deliveryId, nextAttemptAt: unanswered });
      continue;
    }
    const result = secret.ok ? await attempt(deps, delivery, secret.value) : failedBeforeSending(deps, secret.error);
    const outcome = planOutcome(delivery, result, deps.backoff);
    outcomes.push(outcome);
    if (isUnreachable(result)) {
      unanswered = outcome.kind === 'retry' ? outcome.nextAttemptAt : new Date(Date.now() + deps.backoff(1));
    }
  }
  outcomes.forEach((outcome) => deps.metrics.deliveries.inc({ outcome: outcome.kind }));
  await recordOutcomes(deps.pool, outcomes);
  await recordHealth(deps, first.endpointId, outcomes);
}

async function attempt(deps: DeliverWebhooksDeps, delivery: ClaimedDelivery, secret: string): Promise<AttemptResult> {
  const body = webhookBody(delivery);
  const attemptedAt = deps.now?.() ?? new Date();
  const headers = webhookHeaders(secret, delivery.eventId, body, attemptedAt);
  const response = await deps.sender.send({ url: delivery.url, headers: { ...headers }, body });
  return response.kind === 'answered'
    ? { attemptedAt, durationMs: response.durationMs, statusCode: response.statusCode }
    : { attemptedAt, durationMs: response.durationMs, error: response.error };
}

const failedBeforeSending = (deps: DeliverWebhooksDeps, error: string): AttemptResult => ({
  attemptedAt: deps.now?.() ?? new Date(),
  durationMs: 0,
  error,
});

function openSecret(
  deps: DeliverWebhooksDeps,
  delivery: ClaimedDelivery,
): { ok: true; value: string } | { ok: false; error: string } {
  try {
    return { ok: true, value: deps.secrets.open(delivery.endpointId, delivery.secretCiphertext) };
  } catch (error) {
    deps.logger.error(
      { err: coerceError(error), endpointId: delivery.endpointId },
      'webhook secret cannot be decrypted: was WEBHOOK_SECRET_KEY (or OFFER_SECRET) changed?',
    );
    return { ok: false, error: 'the endpoint secret cannot be decrypted by this service' };
  }
}

/** The endpoint is healthy if its last attempt was delivered; its failure run starts at its first failed attempt. */
async function recordHealth(deps: DeliverWebhooksDeps, endpointId: string, outcomes: DeliveryOutcome[]) {
  const attempted = outcomes.flatMap((outcome) => (outcome.kind === 'skipped' ? [] : [outcome.result]));
  const last = attempted.at(-1);
  if (!last) {
    return;
  }
  const isHealthy = isDelivered(last);
  const lastSuccess = attempted.findLastIndex(isDelivered);
  if (!isHealthy && lastSuccess >= 0) {
    // Delivered, then failed again: the success ends the earlier run; a new one starts after it.
    await recordEndpointHealth(deps.pool, endpointId, {
      isHealthy: true,
      failure: undefined,
      firstFailureAt: undefined,
      disableAfterMs: deps.disableAfterMs,
    });
  }
  const firstFailure = attempted.slice(lastSuccess + 1).find((result) => !isDelivered(result));
  const status = await recordEndpointHealth(deps.pool, endpointId, {
    isHealthy,
    failure: isHealthy ? undefined : describeResult(last),
    firstFailureAt: firstFailure?.attemptedAt,
    disableAfterMs: deps.disableAfterMs,
  });
  if (status === 'disabled' && !isHealthy) {
    deps.logger.warn(
      { endpointId, lastFailure: describeResult(last) },
      'webhook endpoint disabled after a day of failures',
    );
  }
}
