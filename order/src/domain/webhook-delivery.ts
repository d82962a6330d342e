import type { Backoff } from '@fareflow/shared';

/** A claimed delivery: the event to send, where, and the attempt this is (1 = first). */
export interface ClaimedDelivery {
  deliveryId: string;
  attemptNo: number;
  giveUpAt: Date;
  eventId: string;
  eventType: string;
  eventData: unknown;
  eventCreatedAt: Date;
  endpointId: string;
  url: string;
  secretCiphertext: string;
}

/** What one attempt came to: the receiver's status code, or no answer (`error`). */
export interface AttemptResult {
  attemptedAt: Date;
  durationMs: number;
  statusCode?: number | undefined;
  error?: string | undefined;
}

/**
 * What to write for a delivery after its turn: `succeeded`, `retry` at `nextAttemptAt`, `failed` (the
 * retry window is over), or `skipped` (not attempted: an earlier delivery to the same endpoint in the
 * batch got no answer; put back, due when that one is retried, without counting an attempt).
 */
export type DeliveryOutcome =
  | { kind: 'succeeded'; deliveryId: string; attemptNo: number; result: AttemptResult }
  | { kind: 'retry'; deliveryId: string; attemptNo: number; result: AttemptResult; nextAttemptAt: Date }
  | { kind: 'failed'; deliveryId: string; attemptNo: number; result: AttemptResult }
  | { kind: 'skipped'; deliveryId: string; nextAttemptAt: Date };

/** Any 2xx is a delivery; redirects, 4xx and 5xx are failures retried like the others. */
export const isDelivered = (result: AttemptResult): boolean =>
  result.statusCode !== undefined && result.statusCode >= 200 && result.statusCode < 300;

/** No answer at all (refused, reset, timed out, address not allowed): the endpoint's next deliveries would fare no better. */
export const isUnreachable = (result: AttemptResult): boolean => result.statusCode === undefined;

export const describeResult = (result: AttemptResult): string =>
  result.statusCode !== undefined ? `HTTP ${result.statusCode}` : (result.error ?? 'no answer');

/**
 * The outcome of one attempt (pure): delivered, retried after the backoff of its attempt number (the
 * backoff carries the jitter and the cap), or failed once the next attempt would fall past `giveUpAt`.
 */
export function planOutcome(delivery: ClaimedDelivery, result: AttemptResult, backoff: Backoff): DeliveryOutcome {
  const { deliveryId, attemptNo } = delivery;
  if (isDelivered(result)) {
    return { kind: 'succeeded', deliveryId, attemptNo, result };
  }
  const nextAttemptAt = new Date(result.attemptedAt.getTime() + result.durationMs + backoff(attemptNo));
  return nextAttemptAt.getTime() >= delivery.giveUpAt.getTime()
    ? { kind: 'failed', deliveryId, attemptNo, result }
    : { kind: 'retry', deliveryId, attemptNo, result, nextAttemptAt };
}

/** The body of a delivery, the same bytes on every attempt: Standard Webhooks' `{type, timestamp, data}`. */
export const webhookBody = (delivery: Pick<ClaimedDelivery, 'eventType' | 'eventCreatedAt' | 'eventData'>): string =>
  JSON.stringify({
    type: delivery.eventType,
    timestamp: delivery.eventCreatedAt.toISOString(),
    data: delivery.eventData,
  });
