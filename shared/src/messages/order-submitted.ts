import { z } from 'zod';

import { isoDateTime } from './primitives';
import type { QueueSpec, Topology } from './topology';

export const ORDER_SUBMITTED_V1 = 'order.submitted.v1';

/**
 * `order.submitted.v1`: the order API accepted an order (stored as `pending`) and asks the order
 * worker to execute it. The message carries only the id: the stored order is the source of truth,
 * so a redelivered or duplicated message finds the order already executed and changes nothing.
 *
 * Out of scope: the order's content (items, passengers, payment token never travel on the bus).
 */
export const orderSubmittedV1 = z.object({
  schema: z.literal(ORDER_SUBMITTED_V1),
  orderId: z.uuid(),
  tenant: z.string().min(1).max(128),
  submittedAt: isoDateTime,
});
export type OrderSubmitted = z.infer<typeof orderSubmittedV1>;

/** The order worker's queue; the API (publisher) and the worker (consumer) both declare it. */
export function orderQueue(topology: Topology, deliveryLimit?: number): QueueSpec {
  return topology.queue('order.orders', [ORDER_SUBMITTED_V1], deliveryLimit);
}
