import type { SqlExecutor } from '@fareflow/shared';

import type { Contact, OrderType, Passenger, PriceTerms } from '../domain/order';
import { priceTermsColumns } from './order-rows';

export interface SubmittedOrder {
  orderId: string;
  tenant: string;
  idempotencyKey: string;
  requestSha256: Buffer;
  type: OrderType;
  contact: Contact;
  paymentToken: string | undefined;
  paymentRequiredBy: Date | undefined;
  items: {
    itemNo: number;
    flightId: string;
    cabin: string;
    seats: number;
    passengers: Passenger[];
    priceTerms: PriceTerms | undefined;
  }[];
}

export interface OutboxMessage {
  routingKey: string;
  messageId: string;
  payload: unknown;
  /** The relay leaves the row alone until then (the writer publishes it itself first). */
  publishAfterMs: number;
}

export type InsertOutcome =
  | { isInserted: true; outboxId: string; createdAt: Date }
  | { isInserted: false; existingOrderId: string; existingSha256: Buffer };

/**
 * Stores new pending orders, their items and their outbox messages in one statement (atomic),
 * except those whose tenant already used the idempotency key (before, or earlier in the same
 * batch): for these nothing is written and the existing order's id and request fingerprint are
 * returned. A concurrent insert of the same key waits for the first. Outcomes are in input order.
 */
export async function insertSubmittedOrders(
  db: SqlExecutor,
  entries: readonly { order: SubmittedOrder; message: OutboxMessage }[],
): Promise<InsertOutcome[]> {
  const input = entries.map(({ order, message }) => ({
    order_id: order.orderId,
    tenant: order.tenant,
    idempotency_key: order.idempotencyKey,
    request_sha256: order.requestSha256.toString('hex'),
    type: order.type,
    contact: order.contact,
    payment_token: order.paymentToken ?? null,
    payment_required_by: order.paymentRequiredBy?.toISOString() ?? null,
    items: order.items.map((item) => ({
      item_no: item.itemNo,
      flight_id: item.flightId,
      cabin: item.cabin,
      seats: item.seats,
      passengers: item.passengers,
      ...priceTermsColumns(item.priceTerms),
    })),
    routing_key: message.routingKey,
    message_id: message.messageId,
    payload: message.payload,
    publish_after_ms: message.publishAfterMs,
  }));
  const { rows } = await db.query<{ order_id: string; outbox_id: string; created_at: Date }>(
    `WITH input AS (
       SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(order_id uuid, tenant text, idempotency_key text,
              request_sha256 text, type text, contact jsonb, payment_token text, payment_required_by timestamptz,
              items jsonb, routing_key text, message_id text, payload jsonb, publish_after_ms float8)
     ), inserted AS (
       INSERT INTO orders (order_id, tenant, idempotency_key, request_sha256, type, status, contact, payment_token,
                           payment_required_by)
       SELECT order_id, tenant, idempotency_key, decode(request_sha256, 'hex'), type, 'pending', contact,
              payment_token, payment_required_by
         FROM input
       ON CONFLICT (tenant, idempotency_key) DO NOTHING
       RETURNING order_id, created_at
     ), items AS (
       INSERT INTO order_items (order_id, item_no, flight_id, cabin, seats, passengers, price_terms,
                                agreed_unit_price, agreed_currency, offer_expires_at)
       SELECT i.order_id, x.item_no, x.flight_id, x.cabin, x.seats, x.passengers, x.price_terms,
              x.agreed_unit_price::numeric, x.agreed_currency, x.offer_expires_at
         FROM inserted i JOIN input USING (order_id),
              jsonb_to_recordset(input.items) AS x(item_no smallint, flight_id text, cabin text, seats smallint,
              passengers jsonb, price_terms text, agreed_unit_price text, agreed_currency text,
              offer_expires_at timestamptz)
     ), message AS (
       INSERT INTO outbox (routing_key, message_id, payload, publish_after)
       SELECT input.routing_key, input.message_id, input.payload,
              clock_timestamp() + make_interval(secs => input.publish_after_ms / 1000)
         FROM inserted JOIN input USING (order_id)
       RETURNING id, message_id
     )
     SELECT i.order_id, i.created_at, m.id::text AS outbox_id
       FROM inserted i JOIN input USING (order_id) JOIN message m ON m.message_id = input.message_id`,
    [JSON.stringify(input)],
  );
  const insertedById = new Map(rows.map((row) => [row.order_id, row]));
  const conflicts = entries.filter(({ order }) => !insertedById.has(order.orderId)).map(({ order }) => order);
  const existing = conflicts.length === 0 ? new Map() : await findByIdempotencyKeys(db, conflicts);
  return entries.map(({ order }): InsertOutcome => {
    const row = insertedById.get(order.orderId);
    if (row) {
      return { isInserted: true, outboxId: row.outbox_id, createdAt: row.created_at };
    }
    const found = existing.get(keyOf(order));
    if (!found) {
      throw new Error('idempotency conflict without an existing order');
    }
    return { isInserted: false, existingOrderId: found.order_id, existingSha256: found.request_sha256 };
  });
}

const keyOf = (order: Pick<SubmittedOrder, 'tenant' | 'idempotencyKey'>) =>
  `${order.tenant}\u0000${order.idempotencyKey}`;

async function findByIdempotencyKeys(
  db: SqlExecutor,
  orders: SubmittedOrder[],
): Promise<Map<string, { order_id: string; request_sha256: Buffer }>> {
  const { rows } = await db.query<{
    order_id: string;
    request_sha256: Buffer;
    tenant: string;
    idempotency_key: string;
  }>(
    `SELECT o.order_id, o.request_sha256, o.tenant, o.idempotency_key
       FROM orders o JOIN unnest($1::text[], $2::text[]) AS k(tenant, idempotency_key) USING (tenant, idempotency_key)`,
    [orders.map((order) => order.tenant), orders.map((order) => order.idempotencyKey)],
  );
  return new Map(rows.map((row) => [keyOf({ tenant: row.tenant, idempotencyKey: row.idempotency_key }), row]));
}
