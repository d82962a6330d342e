import type { SqlExecutor } from '@fareflow/shared';

import type { OrderEvent } from '../domain/webhook-events';
import { PING_EVENT_TYPE } from '../domain/webhook-events';

const ISO = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/**
 * The data of an order event, read from the order row as the same transaction just wrote it: the
 * receiver gets the state the event announces, not one read later.
 */
const ORDER_EVENT_DATA = `jsonb_strip_nulls(jsonb_build_object(
    'orderId', o.order_id, 'orderType', o.type, 'status', o.status, 'previousStatus', i.previous_status,
    'totalAmount', trim_scale(o.total_amount)::text, 'currency', o.currency,
    'failure', CASE WHEN o.failure_code IS NULL THEN NULL
               ELSE jsonb_build_object('code', o.failure_code, 'reason', o.failure_reason) END,
    'paymentRequiredBy', to_char(o.payment_required_by AT TIME ZONE 'UTC', ${ISO}))) || i.extra`;

/** Writes the events of a batch of decisions (the outbox), in the caller's transaction: one statement. */
export async function batchInsertOrderEvents(tx: SqlExecutor, events: readonly OrderEvent[]): Promise<void> {
  if (events.length === 0) {
    return;
  }
  await tx.query(
    `INSERT INTO webhook_events (tenant, type, data)
     SELECT o.tenant, i.type, ${ORDER_EVENT_DATA}
       FROM unnest($1::uuid[], $2::text[], $3::text[], $4::jsonb[]) WITH ORDINALITY
              AS i(order_id, type, previous_status, extra, n)
       JOIN orders o ON o.order_id = i.order_id
      ORDER BY i.n`,
    [
      events.map((event) => event.orderId),
      events.map((event) => event.type),
      events.map((event) => event.previousStatus),
      events.map((event) => JSON.stringify(event.extra)),
    ],
  );
}

/**
 * `order.hold_expiring` for every hold whose deadline is within `leadMs`: one event per hold and
 * deadline (the dedupe key), however often and in how many processes this runs.
 */
export async function insertHoldExpiringEvents(db: SqlExecutor, leadMs: number, limit: number): Promise<number> {
  const { rowCount } = await db.query(
    `INSERT INTO webhook_events (tenant, type, data, dedupe_key)
     SELECT o.tenant, 'order.hold_expiring', ${ORDER_EVENT_DATA},
            'order.hold_expiring:' || o.order_id || ':' || extract(epoch FROM o.payment_required_by)
       FROM (SELECT * FROM orders
              WHERE status = 'held' AND payment_required_by > now()
                AND payment_required_by <= now() + $1::float8 * interval '1 millisecond'
              ORDER BY payment_required_by LIMIT $2) o
       CROSS JOIN LATERAL (SELECT o.status AS previous_status, '{}'::jsonb AS extra) i
     ON CONFLICT (dedupe_key) DO NOTHING`,
    [leadMs, limit],
  );
  return rowCount ?? 0;
}

/**
 * Turns new events into deliveries: one per active endpoint of the event's tenant that asked for its
 * type (tenants never see each other's events: the join is on the tenant). Claimed with SKIP LOCKED,
 * so several workers fan out different events; idempotent (a delivery per event and endpoint).
 */
export async function fanOutEvents(db: SqlExecutor, limit: number, retryWindowMs: number): Promise<number> {
  const { rows } = await db.query<{ n: number }>(
    `WITH events AS (
       SELECT event_id, tenant, type, endpoint_id, created_at FROM webhook_events
        WHERE fanned_out_at IS NULL ORDER BY created_at LIMIT $1 FOR UPDATE SKIP LOCKED
     ), deliveries AS (
       INSERT INTO webhook_deliveries (event_id, endpoint_id, give_up_at)
       SELECT ev.event_id, e.endpoint_id, ev.created_at + $2::float8 * interval '1 millisecond'
         FROM events ev
         JOIN webhook_endpoints e ON e.tenant = ev.tenant AND e.status = 'active'
          AND (ev.endpoint_id = e.endpoint_id OR (ev.endpoint_id IS NULL AND ev.type = ANY (e.event_types)))
       ON CONFLICT (event_id, endpoint_id) DO NOTHING
     ), marked AS (
       UPDATE webhook_events w SET fanned_out_at = clock_timestamp() FROM events WHERE w.event_id = events.event_id
     )
     SELECT count(*)::int AS n FROM events`,
    [limit, retryWindowMs],
  );
  return rows[0]?.n ?? 0;
}

/** A ping event for one endpoint and its delivery, due now; returns both ids. */
export async function insertPing(
  db: SqlExecutor,
  tenant: string,
  endpointId: string,
  retryWindowMs: number,
): Promise<{ eventId: string; deliveryId: string }> {
  const { rows } = await db.query<{ event_id: string; delivery_id: string }>(
    `WITH ev AS (
       INSERT INTO webhook_events (tenant, type, data, endpoint_id, fanned_out_at)
       VALUES ($1, '${PING_EVENT_TYPE}', jsonb_build_object('endpointId', $2::uuid), $2, clock_timestamp())
       RETURNING event_id, created_at
     )
     INSERT INTO webhook_deliveries (event_id, endpoint_id, give_up_at)
     SELECT event_id, $2, created_at + $3::float8 * interval '1 millisecond' FROM ev
     RETURNING event_id, delivery_id`,
    [tenant, endpointId, retryWindowMs],
  );
  const [row] = rows;
  if (!row) {
    throw new Error('ping insert returned no row');
  }
  return { eventId: row.event_id, deliveryId: row.delivery_id };
}
