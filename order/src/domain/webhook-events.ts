import type { Decision } from './order-decision';

/** Event types a tenant can subscribe an endpoint to. */
export const webhookEventTypes = [
  'order.confirmed',
  'order.oversold',
  'order.failed',
  'order.cancelled',
  'order.changed',
  'order.hold_expiring',
  'order.hold_expired',
  'refund.succeeded',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** Sent to one endpoint on request (`POST /v1/webhooks/{id}/ping`); never subscribed to. */
export const PING_EVENT_TYPE = 'webhook.ping';

/** An event an order's decision causes; the rest of its data (status, total...) is read from the written row. */
export interface OrderEvent {
  orderId: string;
  type: WebhookEventType;
  previousStatus: string;
  /** Data beyond the order row's (a change's outcome). */
  extra: Record<string, unknown>;
}

type AppliedDecision = Extract<Decision, { kind: 'apply' }>;

/**
 * The webhook events an applied decision emits (pure). A change emits `order.changed` when it
 * completes (a lower fare or a hold: at once; a higher fare: when its charge is answered, accepted or
 * declined), never while it waits on the charge; a status reached by anything else emits its event.
 * `held`, `processing`, `paying` and a declined hold payment (back to `held`) emit nothing.
 */
export function orderEventsOf(orderId: string, decision: AppliedDecision): OrderEvent[] {
  const { from, next, effects } = decision;
  const event = (type: WebhookEventType, extra: Record<string, unknown> = {}): OrderEvent[] => [
    { orderId, type, previousStatus: from, extra },
  ];
  if (from === 'changing') {
    const isAccepted = effects.items.some((item) => item.state === 'replaced');
    return event('order.changed', { change: { outcome: isAccepted ? 'completed' : 'declined' } });
  }
  if (next === 'changing') {
    return [];
  }
  if (effects.newItems.length > 0) {
    return event('order.changed', {
      change: { outcome: 'completed', newItemNos: effects.newItems.map((item) => item.itemNo) },
    });
  }
  if (from === next) {
    return [];
  }
  switch (next) {
    case 'confirmed':
      return event('order.confirmed');
    case 'oversold':
      return event('order.oversold');
    case 'failed':
      return event('order.failed');
    case 'cancelled':
      return event('order.cancelled');
    case 'expired':
      return event('order.hold_expired');
    default:
      return [];
  }
}
