import { type Cabin, normalizeAmount, type SqlExecutor } from '@fareflow/shared';

import type {
  Contact,
  ItemState,
  Order,
  OrderItem,
  OrderStatus,
  OrderType,
  Passenger,
  SeatStatus,
} from '../domain/order';

interface OrderRow {
  order_id: string;
  tenant: string;
  type: OrderType;
  status: OrderStatus;
  failure_code: string | null;
  failure_reason: string | null;
  contact: Contact;
  payment_token: string | null;
  total_amount: string | null;
  currency: string | null;
  payment_required_by: Date | null;
  created_at: Date;
  updated_at: Date;
  finalized_at: Date | null;
  items: ItemRow[];
}

interface ItemRow {
  order_id: string;
  item_no: number;
  flight_id: string;
  cabin: Cabin;
  seats: number;
  passengers: Passenger[];
  state: ItemState;
  seat_status: SeatStatus | null;
  unit_price: string | null;
  currency: string | null;
  replaces_item_no: number | null;
}

/** Items travel inside the order's row as JSON (one round trip); amounts as text, never as JSON numbers. */
const ITEMS_JSON = `(SELECT coalesce(json_agg(json_build_object(
    'order_id', it.order_id, 'item_no', it.item_no, 'flight_id', it.flight_id, 'cabin', it.cabin, 'seats', it.seats,
    'passengers', it.passengers, 'state', it.state, 'seat_status', it.seat_status, 'unit_price', it.unit_price::text,
    'currency', it.currency, 'replaces_item_no', it.replaces_item_no) ORDER BY it.item_no), '[]'::json)
   FROM order_items it WHERE it.order_id = orders.order_id) AS items`;
const ORDER_COLUMNS = `order_id, tenant, type, status, failure_code, failure_reason, contact, payment_token, total_amount, currency,
  payment_required_by, created_at, updated_at, finalized_at, ${ITEMS_JSON}`;
const ITEM_COLUMNS = `order_id, item_no, flight_id, cabin, seats, passengers, state, seat_status, unit_price, currency,
  replaces_item_no`;

export function itemRowToItem(row: ItemRow): OrderItem {
  return {
    itemNo: row.item_no,
    flightId: row.flight_id,
    cabin: row.cabin,
    seats: row.seats,
    passengers: row.passengers,
    state: row.state,
    seatStatus: row.seat_status ?? undefined,
    unitPrice: row.unit_price === null ? undefined : normalizeAmount(row.unit_price),
    currency: row.currency ?? undefined,
    replacesItemNo: row.replaces_item_no ?? undefined,
  };
}

export function orderRowToOrder(row: OrderRow, items: OrderItem[]): Order {
  return {
    orderId: row.order_id,
    tenant: row.tenant,
    type: row.type,
    status: row.status,
    failure:
      row.failure_code === null
        ? undefined
        : { code: row.failure_code, reason: row.failure_reason ?? row.failure_code },
    contact: row.contact,
    paymentToken: row.payment_token ?? undefined,
    totalAmount: row.total_amount === null ? undefined : normalizeAmount(row.total_amount),
    currency: row.currency ?? undefined,
    paymentRequiredBy: row.payment_required_by ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finalizedAt: row.finalized_at ?? undefined,
    items: [...items].sort((a, b) => a.itemNo - b.itemNo),
  };
}

const toOrders = (rows: OrderRow[]): Order[] => rows.map((row) => orderRowToOrder(row, row.items.map(itemRowToItem)));

export async function findItems(db: SqlExecutor, orderIds: string[]): Promise<Map<string, OrderItem[]>> {
  const { rows } = await db.query<ItemRow>(
    `SELECT ${ITEM_COLUMNS} FROM order_items WHERE order_id = ANY($1::uuid[]) ORDER BY order_id, item_no`,
    [orderIds],
  );
  const byOrder = new Map<string, OrderItem[]>();
  for (const row of rows) {
    const list = byOrder.get(row.order_id) ?? [];
    list.push(itemRowToItem(row));
    byOrder.set(row.order_id, list);
  }
  return byOrder;
}

/** The caller's order, or undefined: another tenant's order is indistinguishable from a missing one. */
export async function findOrder(db: SqlExecutor, tenant: string, orderId: string): Promise<Order | undefined> {
  const { rows } = await db.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE order_id = $1 AND tenant = $2`, [
    orderId,
    tenant,
  ]);
  const [order] = toOrders(rows);
  return order;
}

export async function findOrdersByIds(db: SqlExecutor, orderIds: string[]): Promise<Order[]> {
  const { rows } = await db.query<OrderRow>(`SELECT ${ORDER_COLUMNS} FROM orders WHERE order_id = ANY($1::uuid[])`, [
    orderIds,
  ]);
  return toOrders(rows);
}

export interface OrderListFilter {
  status?: OrderStatus | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
  limit: number;
}

export async function listOrders(db: SqlExecutor, tenant: string, filter: OrderListFilter): Promise<Order[]> {
  const { rows } = await db.query<OrderRow>(
    `SELECT ${ORDER_COLUMNS} FROM orders
      WHERE tenant = $1
        AND ($2::text IS NULL OR status = $2)
        AND ($3::timestamptz IS NULL OR created_at >= $3)
        AND ($4::timestamptz IS NULL OR created_at < $4)
      ORDER BY created_at DESC, order_id
      LIMIT $5`,
    [tenant, filter.status ?? null, filter.from ?? null, filter.to ?? null, filter.limit],
  );
  return toOrders(rows);
}

/**
 * Locks the orders in `orderIds` that are in one of `statuses`, in order-id order (every
 * transaction locks orders before inventory, each in sorted order, so none deadlocks).
 */
export async function lockOrders(
  db: SqlExecutor,
  orderIds: string[],
  statuses: OrderStatus[],
  tenant?: string,
): Promise<Order[]> {
  const { rows } = await db.query<OrderRow>(
    `SELECT ${ORDER_COLUMNS} FROM orders
      WHERE order_id = ANY($1::uuid[]) AND status = ANY($2::text[]) AND ($3::text IS NULL OR tenant = $3)
      ORDER BY order_id FOR UPDATE`,
    [orderIds, statuses, tenant ?? null],
  );
  return toOrders(rows);
}

/** Claims pending orders for execution (pending -> processing) and returns them with their items. */
export async function claimPendingOrders(db: SqlExecutor, orderIds: string[]): Promise<Order[]> {
  const { rows } = await db.query<OrderRow>(
    `UPDATE orders SET status = 'processing', updated_at = clock_timestamp()
      WHERE order_id IN (
        SELECT order_id FROM orders WHERE order_id = ANY($1::uuid[]) AND status = 'pending'
         ORDER BY order_id FOR UPDATE)
      RETURNING ${ORDER_COLUMNS}`,
    [orderIds],
  );
  return toOrders(rows);
}

export async function findStatuses(db: SqlExecutor, orderIds: string[]): Promise<Map<string, OrderStatus>> {
  const { rows } = await db.query<{ order_id: string; status: OrderStatus }>(
    'SELECT order_id, status FROM orders WHERE order_id = ANY($1::uuid[])',
    [orderIds],
  );
  return new Map(rows.map((row) => [row.order_id, row.status]));
}

export interface OrderUpdate {
  orderId: string;
  status: OrderStatus;
  failureCode?: string | undefined;
  failureReason?: string | undefined;
  totalAmount?: string | undefined;
  currency?: string | undefined;
  /** Sets finalized_at (the order reached a state the caller waits for). */
  isFinal: boolean;
}

/** Sets status (and failure, total) of several orders in one statement. */
export async function batchUpdateOrders(db: SqlExecutor, updates: OrderUpdate[]): Promise<void> {
  if (updates.length === 0) {
    return;
  }
  const rows = updates.map((update) => ({
    order_id: update.orderId,
    status: update.status,
    failure_code: update.failureCode ?? null,
    failure_reason: update.failureReason ?? null,
    total_amount: update.totalAmount ?? null,
    currency: update.currency ?? null,
    is_final: update.isFinal,
  }));
  await db.query(
    `UPDATE orders o
        SET status = v.status,
            failure_code = COALESCE(v.failure_code, o.failure_code),
            failure_reason = COALESCE(v.failure_reason, o.failure_reason),
            total_amount = COALESCE(v.total_amount::numeric, o.total_amount),
            currency = COALESCE(v.currency, o.currency),
            finalized_at = CASE WHEN v.is_final THEN clock_timestamp() ELSE o.finalized_at END,
            updated_at = clock_timestamp()
       FROM jsonb_to_recordset($1::jsonb) AS v(order_id uuid, status text, failure_code text, failure_reason text,
            total_amount text, currency text, is_final boolean)
      WHERE o.order_id = v.order_id`,
    [JSON.stringify(rows)],
  );
}

export interface ItemUpdate {
  orderId: string;
  itemNo: number;
  state: ItemState;
  seatStatus?: SeatStatus | undefined;
  unitPrice?: string | undefined;
  currency?: string | undefined;
}

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

export interface NewItem {
  orderId: string;
  itemNo: number;
  flightId: string;
  cabin: string;
  seats: number;
  passengers: Passenger[];
  state: ItemState;
  seatStatus: SeatStatus;
  unitPrice: string;
  currency: string;
  replacesItemNo: number;
}

export async function insertItem(db: SqlExecutor, item: NewItem): Promise<void> {
  await db.query(
    `INSERT INTO order_items (order_id, item_no, flight_id, cabin, seats, passengers, state, seat_status, unit_price,
       currency, replaces_item_no)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      item.orderId,
      item.itemNo,
      item.flightId,
      item.cabin,
      item.seats,
      JSON.stringify(item.passengers),
      item.state,
      item.seatStatus,
      item.unitPrice,
      item.currency,
      item.replacesItemNo,
    ],
  );
}

/** Orders whose hold lapsed: locked (skipping ones another sweeper or a payment holds), oldest first. */
export async function lockExpiredHolds(db: SqlExecutor, limit: number): Promise<Order[]> {
  const { rows } = await db.query<OrderRow>(
    `SELECT ${ORDER_COLUMNS} FROM orders
      WHERE status = 'held' AND payment_required_by <= now()
      ORDER BY order_id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return toOrders(rows);
}

/** Tells waiting API requests (`Prefer: wait`) that these orders reached a state worth answering. */
export async function notifySettled(db: SqlExecutor, channel: string, orderIds: string[]): Promise<void> {
  // NOTIFY payloads are limited to 8000 bytes: 200 ids of 37 characters stay far below.
  for (let start = 0; start < orderIds.length; start += 200) {
    await db.query('SELECT pg_notify($1, $2)', [channel, orderIds.slice(start, start + 200).join(',')]);
  }
}

/** Orders left in an in-flight state for longer than `olderThanMs` (a crash or a lost message). */
export async function findStaleOrders(
  db: SqlExecutor,
  statuses: OrderStatus[],
  olderThanMs: number,
  limit: number,
): Promise<{ orderId: string; status: OrderStatus }[]> {
  const { rows } = await db.query<{ order_id: string; status: OrderStatus }>(
    `SELECT order_id, status FROM orders
      WHERE status = ANY($1::text[]) AND updated_at < clock_timestamp() - make_interval(secs => $2::float8 / 1000)
      ORDER BY updated_at LIMIT $3`,
    [statuses, olderThanMs, limit],
  );
  return rows.map((row) => ({ orderId: row.order_id, status: row.status }));
}
