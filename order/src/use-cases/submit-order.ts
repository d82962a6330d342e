import { randomUUID } from 'node:crypto';

import {
  coerceError,
  type Logger,
  type OfferCodec,
  ORDER_SUBMITTED_V1,
  type OrderSubmitted,
  type Publisher,
  salesCloseAtMs,
} from '@fareflow/shared';
import type { Pool } from 'pg';

import { findInventory } from '../adapters/inventory.repository';
import { findOrder } from '../adapters/order-reads.repository';
import type { OutboxSentMarker } from '../adapters/outbox-sent-marker';
import type { SubmittedOrderWriter } from '../adapters/submitted-order-writer';
import { type Contact, inventoryKey, type Order, type OrderType, seatsFor } from '../domain/order';
import { OrderError, orderNotFound, UnknownFlightError } from '../domain/order-errors';
import { newItemState, newOrderStatus, paymentDeadline } from '../domain/order-lifecycle';
import { type PricedItem, type RequestedItem, resolveItems } from '../domain/order-offers';
import { fingerprintRequest } from '../domain/request-fingerprint';
import { salesStateOf } from '../domain/seat-allocation';

export interface OrderRequest {
  type: OrderType;
  items: RequestedItem[];
  contact: Contact;
  paymentToken?: string | undefined;
}

/** What the intake knows of a flight and cabin on sale (cached briefly). */
export interface OnSaleEntry {
  /** Until when this knowledge is used (ms epoch). */
  untilMs: number;
  currency: string;
  departureUtcMs: number | undefined;
}

export interface SubmitOrderDeps {
  pool: Pool;
  /** Stores the order with its outbox message (group-committed with concurrent submissions). */
  storeOrder: SubmittedOrderWriter;
  publisher: Publisher;
  sentMarker: OutboxSentMarker;
  /** Flights known to be on sale, by `inventoryKey`. */
  onSaleCache: Map<string, OnSaleEntry>;
  onSaleCacheTtlMs: number;
  logger: Logger;
  holdTtlMs: number;
  /** How long the relay leaves an order message alone, expecting the API's own publish. */
  relayGraceMs: number;
  /** Verifies the offer ids the availability APIs signed. */
  offers: OfferCodec;
  /** No order for a flight departing within this long (SALES_CUTOFF_MINUTES). */
  salesCutoffMs: number;
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
  const priced = resolveItems(request.items, (offerId, field) => deps.offers.decode(offerId, field), now);
  const closesAtMs = await assertSellable(deps, priced, now);
  const orderId = randomUUID();
  const message: OrderSubmitted = { schema: ORDER_SUBMITTED_V1, orderId, tenant, submittedAt: now.toISOString() };
  const deadline = paymentDeadline(request.type, now, deps.holdTtlMs);
  // A hold cannot be paid once sales close: its deadline is never later than that.
  const paymentRequiredBy = deadline && new Date(Math.min(deadline.getTime(), closesAtMs));
  const items = priced.map((item, index) => ({
    itemNo: index + 1,
    flightId: item.flightId,
    cabin: item.cabin,
    passengers: item.passengers,
    seats: seatsFor(item.passengers),
    priceTerms: item.priceTerms,
  }));
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
 * Refuses, before anything is stored: a flight that is unknown or unpriced (400), one that has
 * departed or is inside the sales cut-off (409 DEPARTED / SALES_CLOSED), and an order in more than
 * one currency (400 MIXED_CURRENCIES), each naming the item's field. Returns when sales of the
 * first of its flights close. Inventory rows are cached briefly: the worker checks again under
 * lock (the cut-off included), so a stale entry only means a later `failed` instead of an early 4xx.
 */
async function assertSellable(deps: SubmitOrderDeps, items: readonly PricedItem[], now: Date): Promise<number> {
  const entries = await onSaleEntries(deps, items, now.getTime());
  const clock = { nowMs: now.getTime(), cutoffMs: deps.salesCutoffMs };
  let currency: string | undefined;
  let closesAtMs = Number.POSITIVE_INFINITY;
  items.forEach((item) => {
    const entry = entries.get(inventoryKey(item.flightId, item.cabin));
    if (!entry) {
      const message = `${item.flightId} ${item.cabin} is not on sale (unknown flight or no price yet)`;
      throw new UnknownFlightError(item.field, message);
    }
    const sales = salesStateOf({ flightId: item.flightId, departureUtcMs: entry.departureUtcMs }, clock);
    if (sales === 'departed') {
      throw new OrderError('DEPARTED', `${item.flightId} has departed`, item.field);
    }
    if (sales === 'closed') {
      throw new OrderError('SALES_CLOSED', `sales of ${item.flightId} have closed before its departure`, item.field);
    }
    const itemCurrency = item.priceTerms?.currency ?? entry.currency;
    if (currency !== undefined && itemCurrency !== currency) {
      const message = `${item.flightId} is priced in ${itemCurrency}, the order's other items in ${currency}: one currency per order`;
      throw new OrderError('MIXED_CURRENCIES', message, item.field);
    }
    currency = itemCurrency;
    const departure = entry.departureUtcMs;
    if (departure !== undefined) {
      closesAtMs = Math.min(closesAtMs, salesCloseAtMs(departure, deps.salesCutoffMs));
    }
  });
  return closesAtMs;
}

async function onSaleEntries(
  deps: SubmitOrderDeps,
  items: readonly PricedItem[],
  nowMs: number,
): Promise<Map<string, OnSaleEntry>> {
  const keys = items.map((item) => inventoryKey(item.flightId, item.cabin));
  const cached = new Map<string, OnSaleEntry>();
  for (const key of keys) {
    const entry = deps.onSaleCache.get(key);
    if (entry && entry.untilMs > nowMs) {
      cached.set(key, entry);
    }
  }
  if (cached.size === new Set(keys).size) {
    return cached;
  }
  const inventory = await findInventory(deps.pool, [...items]);
  if (deps.onSaleCache.size > 100_000) {
    deps.onSaleCache.clear();
  }
  const entries = new Map<string, OnSaleEntry>();
  for (const [key, row] of inventory) {
    if (row.price !== undefined && row.currency !== undefined) {
      const entry = {
        untilMs: nowMs + deps.onSaleCacheTtlMs,
        currency: row.currency,
        departureUtcMs: row.departureUtcMs,
      };
      entries.set(key, entry);
      deps.onSaleCache.set(key, entry);
    }
  }
  return entries;
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
