import type { SqlExecutor } from '@fareflow/shared';

import type { Order, OrderItem, OrderStatus } from '../domain/order';
import { ITEM_COLUMNS, type ItemRow, itemRowToItem, ORDER_COLUMNS, type OrderRow, toOrders } from './order-rows';

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

export async function findStatuses(db: SqlExecutor, orderIds: string[]): Promise<Map<string, OrderStatus>> {
  const { rows } = await db.query<{ order_id: string; status: OrderStatus }>(
    'SELECT order_id, status FROM orders WHERE order_id = ANY($1::uuid[])',
    [orderIds],
  );
  return new Map(rows.map((row) => [row.order_id, row.status]));
}

/** Orders left in an in-flight state for longer than `olderThanMs` (a crash or a lost message). */
export async function findStaleOrders(
  db: SqlExecutor,
  statuses: readonly OrderStatus[],
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
