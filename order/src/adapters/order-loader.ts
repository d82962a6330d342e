import type { SqlExecutor } from '@fareflow/shared';
import DataLoader from 'dataloader';

import type { Order } from '../domain/order';
import { findOrdersByIds } from './order-reads.repository';

/** The caller's order by id, or undefined: another tenant's order is indistinguishable from a missing one. */
export type OrderLoader = (tenant: string, orderId: string) => Promise<Order | undefined>;

/**
 * Reads orders the way `findOrder` does, but the reads requested in the same tick share one
 * query: one settle notification wakes a whole batch of waiting requests at once. Nothing is
 * cached, so every read sees the committed state of its moment.
 */
export function createOrderLoader(db: SqlExecutor): OrderLoader {
  const loader = new DataLoader<string, Order | undefined>(
    async (orderIds) => {
      const orders = await findOrdersByIds(db, [...new Set(orderIds)]);
      const byId = new Map(orders.map((order) => [order.orderId, order]));
      return orderIds.map((orderId) => byId.get(orderId));
    },
    { cache: false, maxBatchSize: 500 },
  );
  return async (tenant, orderId) => {
    const order = await loader.load(orderId);
    return order?.tenant === tenant ? order : undefined;
  };
}
