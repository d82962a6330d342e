import { randomUUID } from 'node:crypto';

import {
  type Cabin,
  coerceError,
  type Logger,
  ORDER_SUBMITTED_V1,
  type OrderSubmitted,
  type Publisher,
} from '@fareflow/shared';
import type { Pool } from 'pg';

import { findInventory } from '../adapters/inventory.repository';
import { findOrder } from '../adapters/order-reads.repository';
import type { OutboxSentMarker } from '../adapters/outbox-sent-marker';
import type { SubmittedOrderWriter } from '../adapters/submitted-order-writer';
import { type Contact, inventoryKey, type Order, type OrderType, type Passenger, seatsFor } from '../domain/order';
import { OrderError, orderNotFound, UnknownFlightError } from '../domain/order-errors';
import { newItemState, newOrderStatus, paymentDeadline } from '../domain/order-lifecycle';
import { fingerprintRequest } from '../domain/request-fingerprint';

export interface OrderRequest {
  type: OrderType;
  items: { flightId: string; cabin: Cabin; passengers: Passenger[] }[];
  contact: Contact;
  paymentToken?: string | undefined;
}

export interface SubmitOrderDeps {
  pool: Pool;
  /** Stores the order with its outbox message (group-committed with concurrent submissions). */
  storeOrder: SubmittedOrderWriter;
  publisher: Publisher;
  sentMarker: OutboxSentMarker;
  /** Flights known to be on sale, with when that knowledge expires (ms epoch). */
  onSaleCache: Map<string, number>;
  onSaleCacheTtlMs: number;
  logger: Logger;
  holdTtlMs: number;
  /** How long the relay leaves an order message alone, expecting the API's own publish. */
  relayGraceMs: number;
  now?: () => Date;
}

export interface SubmitResult {
  order: Order;
  /** False when the idempotency key was used before with the same body (a retry). */
  isNew: boolean;
}

/**
 * Accepts an order: checks that its flights are on sale, stores it as pending with its outbox
 * message (one statement), then publishes the message itself so the worker starts at once; if that
 * publish fails, the outbox relay sends it after `relayGraceMs`. Idempotent per (tenant, key):
 * the same body returns the stored order, another body is an IDEMPOTENCY_CONFLICT.
 */
export async function submitOrder(
  deps: SubmitOrderDeps,
  tenant: string,
  idempotencyKey: string,
  request: OrderRequest,
  /** Called once the order is stored, before it is published (a caller may start waiting for it). */
  onStored?: (orderId: string) => void,
): Promise<SubmitResult> {
  const now = deps.now?.() ?? new Date();
  const requestSha256 = fingerprintRequest(request);
  await assertOnSale(deps, request);
  const orderId = randomUUID();
  const message: OrderSubmitted = { schema: ORDER_SUBMITTED_V1, orderId, tenant, submittedAt: now.toISOString() };
  const paymentRequiredBy = paymentDeadline(request.type, now, deps.holdTtlMs);
  const items = request.items.map((item, index) => ({ itemNo: index + 1, seats: seatsFor(item.passengers), ...item }));
  const outcome = await deps.storeOrder(
    {
      orderId,
      tenant,
      idempotencyKey,
      requestSha256,
      type: request.type,
      contact: request.contact,
      paymentToken: request.paymentToken,
      paymentRequiredBy,
      items,
    },
    { routingKey: ORDER_SUBMITTED_V1, messageId: orderId, payload: message, publishAfterMs: deps.relayGraceMs },
  );
  if (!outcome.isInserted) {
    if (!outcome.existingSha256.equals(requestSha256)) {
      throw new OrderError('IDEMPOTENCY_CONFLICT', 'this Idempotency-Key was already used with a different request');
    }
    const existing = await findOrder(deps.pool, tenant, outcome.existingOrderId);
    if (!existing) {
      throw orderNotFound(outcome.existingOrderId);
    }
    return { order: existing, isNew: false };
  }
  onStored?.(orderId);
  await publishNow(deps, message, outcome.outboxId);
  const order: Order = {
    orderId,
    tenant,
    type: request.type,
    status: newOrderStatus,
    failure: undefined,
    contact: request.contact,
    paymentToken: request.paymentToken,
    totalAmount: undefined,
    currency: undefined,
    paymentRequiredBy,
    createdAt: outcome.createdAt,
    updatedAt: outcome.createdAt,
    finalizedAt: undefined,
    items: items.map((item) => ({
      ...item,
      state: newItemState,
      seatStatus: undefined,
      unitPrice: undefined,
      currency: undefined,
      replacesItemNo: undefined,
    })),
  };
  return { order, isNew: true };
}

/**
 * Refuses items whose flight is unknown or unpriced (400 naming the field). Positive answers are
 * cached briefly: the worker checks again under lock, so a stale "on sale" only means a later
 * `failed` instead of an early 400.
 */
async function assertOnSale(deps: SubmitOrderDeps, request: OrderRequest): Promise<void> {
  const now = Date.now();
  const keys = request.items.map((item) => inventoryKey(item.flightId, item.cabin));
  if (keys.every((key) => (deps.onSaleCache.get(key) ?? 0) > now)) {
    return;
  }
  const inventory = await findInventory(deps.pool, request.items);
  request.items.forEach((item, index) => {
    const row = inventory.get(inventoryKey(item.flightId, item.cabin));
    if (!row || row.price === undefined) {
      throw new UnknownFlightError(
        `items.${index}.flightId`,
        `${item.flightId} ${item.cabin} is not on sale (unknown flight or no price yet)`,
      );
    }
  });
  if (deps.onSaleCache.size > 100_000) {
    deps.onSaleCache.clear();
  }
  keys.forEach((key) => deps.onSaleCache.set(key, now + deps.onSaleCacheTtlMs));
}

async function publishNow(deps: SubmitOrderDeps, message: OrderSubmitted, outboxId: string): Promise<void> {
  try {
    await deps.publisher.publish(ORDER_SUBMITTED_V1, message, { messageId: message.orderId });
    deps.sentMarker.mark(outboxId);
  } catch (error) {
    // The order is stored with its outbox row: the relay will publish it. The caller still gets 202.
    deps.logger.warn({ err: coerceError(error), orderId: message.orderId }, 'direct publish failed; relay will send');
  }
}
