import { withTransaction } from '@fareflow/shared';

import { applyInventoryDeltas } from '../adapters/inventory.repository';
import {
  batchUpdateItems,
  batchUpdateOrders,
  findOrder,
  lockOrders,
  notifySettled,
} from '../adapters/order.repository';
import { batchInsertPayments, findPayments, type NewPayment } from '../adapters/payment.repository';
import { type Order, orderStatuses } from '../domain/order';
import { orderNotFound, stateConflict } from '../domain/order-errors';
import { mergeDeltas, type OrderCommandDeps, releaseSeats, reservedItems } from './order-commands';
import { planRefunds, sendRefunds } from './refunds';

/**
 * Cancels a held or paid order: its seats go back to inventory and everything charged is refunded,
 * in one transaction (the refund is recorded there and sent right after the commit; if the gateway
 * does not answer, the sweeper retries it with the same key). Cancelling twice is a no-op.
 */
export async function cancelOrder(deps: OrderCommandDeps, tenant: string, orderId: string): Promise<Order> {
  const { refunds, isChanged } = await withTransaction(deps.pool, async (tx) => {
    const [order] = await lockOrders(tx, [orderId], [...orderStatuses], tenant);
    if (!order) {
      throw orderNotFound(orderId);
    }
    if (order.status === 'cancelled') {
      return { refunds: [] as NewPayment[], isChanged: false };
    }
    if (order.status !== 'held' && order.status !== 'confirmed' && order.status !== 'oversold') {
      throw stateConflict(orderId, order.status, 'cancel');
    }
    const release = releaseSeats(order, reservedItems(order));
    await applyInventoryDeltas(tx, mergeDeltas(release.deltas), deps.regionOfFlight);
    await batchUpdateItems(tx, release.itemUpdates);
    await batchUpdateOrders(tx, [{ orderId, status: 'cancelled', isFinal: true }]);
    const planned = planRefunds(await findPayments(tx, [orderId]), `order-${orderId}-cancel`);
    await batchInsertPayments(tx, planned);
    await notifySettled(tx, deps.settledChannel, [orderId]);
    return { refunds: planned, isChanged: true };
  });
  if (isChanged) {
    deps.metrics.ordersByStatus.inc({ status: 'cancelled' });
  }
  await sendRefunds({ db: deps.pool, payments: deps.payments, logger: deps.logger }, refunds);
  const order = await findOrder(deps.pool, tenant, orderId);
  if (!order) {
    throw orderNotFound(orderId);
  }
  return order;
}
