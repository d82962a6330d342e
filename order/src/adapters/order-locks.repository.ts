import type { SqlExecutor } from '@fareflow/shared';

import type { Order, OrderStatus } from '../domain/order';
import { ORDER_COLUMNS, type OrderRow, toOrders } from './order-rows';

/**
 * Locks the orders in `orderIds` that are in one of `statuses`, in order-id order (every
 * transaction locks orders before inventory, each in sorted order, so none deadlocks), and reads
 * them, items included, as they are once locked.
 *
 * Two statements, on purpose: under READ COMMITTED a `SELECT ... FOR UPDATE` that waited for
 * another transaction returns the locked row's newest version, but everything else in the
 * statement (the items' subquery) is read from the snapshot taken when the statement started,
 * before the other transaction committed. One statement would hand a cancel that waited for a
 * change the new status with the old items: it would release the replaced item's seats a second
 * time and leave the new item's seats counted. The read after the lock sees every commit up to it,
 * and no one changes the order's items without holding its lock.
 */
export async function lockOrders(
  db: SqlExecutor,
  orderIds: string[],
  statuses: readonly OrderStatus[],
  tenant?: string,
): Promise<Order[]> {
  const { rows } = await db.query<{ order_id: string }>(
    `SELECT order_id FROM orders
      WHERE order_id = ANY($1::uuid[]) AND status = ANY($2::text[]) AND ($3::text IS NULL OR tenant = $3)
      ORDER BY order_id FOR UPDATE`,
    [orderIds, statuses, tenant ?? null],
  );
  return readLocked(
    db,
    rows.map((row) => row.order_id),
  );
}

/**
 * Orders whose hold lapsed (`expirableStatuses` past `payment_required_by`): locked, skipping ones
 * another sweeper or a payment holds, oldest first; read after the lock, as `lockOrders` does.
 */
export async function lockExpiredHolds(db: SqlExecutor, limit: number): Promise<Order[]> {
  const { rows } = await db.query<{ order_id: string }>(
    `SELECT order_id FROM orders
      -- A literal, not a parameter: the planner then uses the partial index orders_open_holds.
      WHERE status = 'held' AND payment_required_by <= now()
      ORDER BY order_id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return readLocked(
    db,
    rows.map((row) => row.order_id),
  );
}

/** The locked orders (a fresh statement: a fresh snapshot, taken after the locks were granted). */
async function readLocked(db: SqlExecutor, orderIds: string[]): Promise<Order[]> {
  if (orderIds.length === 0) {
    return [];
  }
  const { rows } = await db.query<OrderRow>(
    `SELECT ${ORDER_COLUMNS} FROM orders WHERE order_id = ANY($1::uuid[]) ORDER BY order_id`,
    [orderIds],
  );
  return toOrders(rows);
}
