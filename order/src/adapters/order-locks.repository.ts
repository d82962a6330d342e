import type { SqlExecutor } from '@fareflow/shared';

import type { Order, OrderStatus } from '../domain/order';
import { ORDER_COLUMNS, type OrderRow, toOrders } from './order-rows';

/**
 * Locks the orders in `orderIds` that are in one of `statuses`, in order-id order (every
 * transaction locks orders before inventory, each in sorted order, so none deadlocks).
 */
export async function lockOrders(
  db: SqlExecutor,
  orderIds: string[],
  statuses: readonly OrderStatus[],
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

/**
 * Orders whose hold lapsed (`expirableStatuses` past `payment_required_by`): locked, skipping ones
 * another sweeper or a payment holds, oldest first.
 */
export async function lockExpiredHolds(db: SqlExecutor, limit: number): Promise<Order[]> {
  const { rows } = await db.query<OrderRow>(
    `SELECT ${ORDER_COLUMNS} FROM orders
      -- A literal, not a parameter: the planner then uses the partial index orders_open_holds.
      WHERE status = 'held' AND payment_required_by <= now()
      ORDER BY order_id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return toOrders(rows);
}
