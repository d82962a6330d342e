import { withTransaction } from '@fareflow/shared';

import { lockOrders } from '../adapters/order-locks.repository';
import { findPayments } from '../adapters/payment.repository';
import { type Order, orderStatuses } from '../domain/order';
import { orderNotFound } from '../domain/order-errors';
import { decide } from '../domain/order-lifecycle';
import { type OrderCommandDeps, readOrder } from './order-commands';
import { sendRefunds } from './refunds';
import { type AppliedDecision, appliedOrThrow, countSettled, writeDecisions } from './write-decisions';

/**
 * Cancels a held or paid order: its seats go back to inventory and everything charged is refunded,
 * in one transaction (the refund is recorded there and sent right after the commit; if the gateway
 * does not answer, the sweeper retries it with the same key). Cancelling twice is a no-op.
 */
export async function cancelOrder(deps: OrderCommandDeps, tenant: string, orderId: string): Promise<Order> {
  const applied = await withTransaction(deps.pool, async (tx): Promise<AppliedDecision | undefined> => {
    const [order] = await lockOrders(tx, [orderId], orderStatuses, tenant);
    if (!order) {
      throw orderNotFound(orderId);
    }
    const payments = await findPayments(tx, [orderId]);
    const decided = appliedOrThrow(orderId, decide(order, { kind: 'cancel', payments }));
    if (decided) {
      await writeDecisions(tx, [decided], deps);
    }
    return decided;
  });
  const refunds = applied ? applied.decision.effects.payments : [];
  if (applied) {
    countSettled(deps.metrics, [applied]);
  }
  await sendRefunds({ db: deps.pool, payments: deps.payments, logger: deps.logger }, refunds);
  return readOrder(deps.pool, tenant, orderId);
}
