import { z } from 'zod';

import { cabin, currencyCode, decimalAmount, flightId, isoDateTime } from './primitives';
import type { QueueSpec, Topology } from './topology';

export const PREORDER_REQUESTED_V1 = 'preorder.requested.v1';

/**
 * `preorder.requested.v1`: the predictor asks the order service to buy an allotment of seats
 * ahead because the fare is low now and demand is forecast for the flight.
 *
 * - `idempotencyKey` identifies the decision (flight + cabin + decision day + model version);
 *   the predictor never publishes two messages for one key, and the order service must treat
 *   a redelivered or duplicated key as already handled.
 * - `maxPrice` is the most the order service may pay per seat (exact decimal string, in `currency`);
 *   if the current fare is above it, the request is declined, not partially honoured.
 * - `expiresAt`: after this instant the request must not be acted upon.
 * - `advice` carries the forecast that justified the request, for audit; it is not an instruction.
 *
 * Out of scope: payment, passenger names, and which fare class is bought (the order service decides).
 */
export const preorderRequestedV1 = z.object({
  schema: z.literal(PREORDER_REQUESTED_V1),
  idempotencyKey: z.string().min(8).max(200),
  flightId,
  cabin,
  seats: z.number().int().min(1).max(500),
  maxPrice: decimalAmount,
  currency: currencyCode,
  expiresAt: isoDateTime,
  requestedAt: isoDateTime,
  reason: z.string().min(1).max(500),
  advice: z.object({
    action: z.enum(['BUY', 'WAIT']),
    confidence: z.number().min(0).max(1),
    expectedDemand: z.number().min(0),
    expectedLowestPrice: decimalAmount,
    modelVersion: z.string().min(1).max(64),
  }),
});
export type PreorderRequested = z.infer<typeof preorderRequestedV1>;

/** The order service's queue of pre-order requests; producer and consumer both declare it. */
export function preorderQueue(topology: Topology, deliveryLimit?: number): QueueSpec {
  return topology.queue('order.preorders', [PREORDER_REQUESTED_V1], deliveryLimit);
}
