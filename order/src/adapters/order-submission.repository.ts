import type { SqlExecutor } from '@fareflow/shared';

import type { Contact, OrderType, Passenger } from '../domain/order';

export interface SubmittedOrder {
  orderId: string;
  tenant: string;
  idempotencyKey: string;
  requestSha256: Buffer;
  type: OrderType;
  contact: Contact;
  paymentToken: string | undefined;
  paymentRequiredBy: Date | undefined;
  items: { itemNo: number; flightId: string; cabin: string; seats: number; passengers: Passenger[] }[];
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
 * Stores a new pending order, its items and its outbox message in one statement (atomic), unless
 * the tenant already used the idempotency key: then nothing is written and the existing order's id
 * and request fingerprint are returned. A concurrent insert of the same key waits for the first.
 */
export async function insertSubmittedOrder(
  db: SqlExecutor,
  order: SubmittedOrder,
  message: OutboxMessage,
): Promise<InsertOutcome> {
  const items = order.items.map((item) => ({
    item_no: item.itemNo,
    flight_id: item.flightId,
    cabin: item.cabin,
    seats: item.seats,
    passengers: item.passengers,
  }));
  const { rows } = await db.query<{ order_id: string | null; outbox_id: string | null; created_at: Date | null }>(
    `WITH inserted AS (
       INSERT INTO orders (order_id, tenant, idempotency_key, request_sha256, type, status, contact, payment_token,
                           payment_required_by)
       VALUES ($1, $2, $3, $4, $5, 'pending', $6, $7, $8)
       ON CONFLICT (tenant, idempotency_key) DO NOTHING
       RETURNING order_id, created_at
     ), items AS (
       INSERT INTO order_items (order_id, item_no, flight_id, cabin, seats, passengers)
       SELECT i.order_id, x.item_no, x.flight_id, x.cabin, x.seats, x.passengers
         FROM inserted i, jsonb_to_recordset($9::jsonb) AS x(item_no smallint, flight_id text, cabin text,
              seats smallint, passengers jsonb)
     ), message AS (
       INSERT INTO outbox (routing_key, message_id, payload, publish_after)
       SELECT $10, $11, $12::jsonb, clock_timestamp() + make_interval(secs => $13::float8 / 1000) FROM inserted
       RETURNING id
     )
     SELECT (SELECT order_id FROM inserted) AS order_id, (SELECT created_at FROM inserted) AS created_at,
            (SELECT id FROM message)::text AS outbox_id`,
    [
      order.orderId,
      order.tenant,
      order.idempotencyKey,
      order.requestSha256,
      order.type,
      JSON.stringify(order.contact),
      order.paymentToken ?? null,
      order.paymentRequiredBy ?? null,
      JSON.stringify(items),
      message.routingKey,
      message.messageId,
      JSON.stringify(message.payload),
      message.publishAfterMs,
    ],
  );
  const [row] = rows;
  if (row?.order_id && row.outbox_id && row.created_at) {
    return { isInserted: true, outboxId: row.outbox_id, createdAt: row.created_at };
  }
  const existing = await db.query<{ order_id: string; request_sha256: Buffer }>(
    'SELECT order_id, request_sha256 FROM orders WHERE tenant = $1 AND idempotency_key = $2',
    [order.tenant, order.idempotencyKey],
  );
  const [found] = existing.rows;
  if (!found) {
    throw new Error('idempotency conflict without an existing order');
  }
  return { isInserted: false, existingOrderId: found.order_id, existingSha256: found.request_sha256 };
}
