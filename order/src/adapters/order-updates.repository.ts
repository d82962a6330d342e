import type { SqlExecutor } from '@fareflow/shared';

import type { OrderItem } from '../domain/order';
import type { ItemChange, OrderChange } from '../domain/order-lifecycle';
import { priceTermsColumns } from './order-rows';

/** A decided change to one order row. */
export type OrderUpdate = OrderChange & { orderId: string };
/** A decided change to one item row. */
export type ItemUpdate = ItemChange & { orderId: string };
/** An item to add to an order (a change's replacement item). */
export type NewItem = OrderItem & { orderId: string };

/**
 * Sets status (and failure, total, payment token) of several orders in one statement; fields left
 * undefined keep their stored value. `isFinal` stamps `finalized_at`.
 */
export async function batchUpdateOrders(db: SqlExecutor, updates: OrderUpdate[]): Promise<void> {
  if (updates.length === 0) {
    return;
  }
  const rows = updates.map((update) => ({
    order_id: update.orderId,
    status: update.status,
    failure_code: update.failure?.code ?? null,
    failure_reason: update.failure?.reason ?? null,
    total_amount: update.totalAmount ?? null,
    currency: update.currency ?? null,
    payment_token: update.paymentToken ?? null,
    is_final: update.isFinal,
  }));
  await db.query(
    `UPDATE orders o
        SET status = v.status,
            failure_code = COALESCE(v.failure_code, o.failure_code),
            failure_reason = COALESCE(v.failure_reason, o.failure_reason),
            total_amount = COALESCE(v.total_amount::numeric, o.total_amount),
            currency = COALESCE(v.currency, o.currency),
            payment_token = COALESCE(v.payment_token, o.payment_token),
            finalized_at = CASE WHEN v.is_final THEN clock_timestamp() ELSE o.finalized_at END,
            updated_at = clock_timestamp()
       FROM jsonb_to_recordset($1::jsonb) AS v(order_id uuid, status text, failure_code text, failure_reason text,
            total_amount text, currency text, payment_token text, is_final boolean)
      WHERE o.order_id = v.order_id`,
    [JSON.stringify(rows)],
  );
}

/** Sets the state (and, for granted seats, seat status and price) of several items in one statement. */
export async function batchUpdateItems(db: SqlExecutor, updates: ItemUpdate[]): Promise<void> {
  if (updates.length === 0) {
    return;
  }
  const rows = updates.map((update) => ({
    order_id: update.orderId,
    item_no: update.itemNo,
    state: update.state,
    seat_status: update.seatStatus ?? null,
    unit_price: update.unitPrice ?? null,
    currency: update.currency ?? null,
  }));
  await db.query(
    `UPDATE order_items it
        SET state = v.state,
            seat_status = COALESCE(v.seat_status, it.seat_status),
            unit_price = COALESCE(v.unit_price::numeric, it.unit_price),
            currency = COALESCE(v.currency, it.currency)
       FROM jsonb_to_recordset($1::jsonb) AS v(order_id uuid, item_no smallint, state text, seat_status text,
            unit_price text, currency text)
      WHERE it.order_id = v.order_id AND it.item_no = v.item_no`,
    [JSON.stringify(rows)],
  );
}

/** Adds items to existing orders in one statement. */
export async function batchInsertItems(db: SqlExecutor, items: NewItem[]): Promise<void> {
  if (items.length === 0) {
    return;
  }
  const rows = items.map((item) => ({
    order_id: item.orderId,
    item_no: item.itemNo,
    flight_id: item.flightId,
    cabin: item.cabin,
    seats: item.seats,
    passengers: item.passengers,
    state: item.state,
    seat_status: item.seatStatus ?? null,
    unit_price: item.unitPrice ?? null,
    currency: item.currency ?? null,
    replaces_item_no: item.replacesItemNo ?? null,
    ...priceTermsColumns(item.priceTerms),
  }));
  await db.query(
    `INSERT INTO order_items (order_id, item_no, flight_id, cabin, seats, passengers, state, seat_status, unit_price,
       currency, replaces_item_no, price_terms, agreed_unit_price, agreed_currency, offer_expires_at)
     SELECT v.order_id, v.item_no, v.flight_id, v.cabin, v.seats, v.passengers, v.state, v.seat_status,
            v.unit_price::numeric, v.currency, v.replaces_item_no, v.price_terms, v.agreed_unit_price::numeric,
            v.agreed_currency, v.offer_expires_at
       FROM jsonb_to_recordset($1::jsonb) AS v(order_id uuid, item_no smallint, flight_id text, cabin text,
            seats smallint, passengers jsonb, state text, seat_status text, unit_price text, currency text,
            replaces_item_no smallint, price_terms text, agreed_unit_price text, agreed_currency text,
            offer_expires_at timestamptz)`,
    [JSON.stringify(rows)],
  );
}
