import { type Cabin, type SqlExecutor, withTransaction } from '@fareflow/shared';

import { lockInventory } from '../adapters/inventory.repository';
import { lockOrders } from '../adapters/order-locks.repository';
import { findPayments } from '../adapters/payment.repository';
import { type Order, orderStatuses } from '../domain/order';
import { OrderError, orderNotFound } from '../domain/order-errors';
import { changeInventoryKeys, decide } from '../domain/order-lifecycle';
import { isDeclined, pendingPayment } from '../domain/payment';
import { finalizeCharges } from './finalize-charges';
import { type OrderCommandDeps, readOrder } from './order-commands';
import { sendRefunds } from './refunds';
import { sendPayment } from './send-payment';
import { type AppliedDecision, appliedOrThrow, writeDecisions } from './write-decisions';

export interface ChangeRequest {
  itemNo: number;
  flightId: string;
  cabin?: Cabin | undefined;
}

/**
 * Moves one item of an order to another flight (or day, or cabin). The new seats are secured
 * (conditional update) before the old ones are released. A higher fare is charged first, and only
 * then are the old seats released; if the charge is declined the new seats go back instead. A lower
 * fare is refunded after the move. Holds move without money.
 */
export async function changeOrder(
  deps: OrderCommandDeps,
  tenant: string,
  orderId: string,
  change: ChangeRequest,
): Promise<Order> {
  const { effects } = (await withTransaction(deps.pool, (tx) => secureNewSeats(deps, tx, tenant, orderId, change)))
    .decision;
  if (!effects.charge) {
    await sendRefunds({ db: deps.pool, payments: deps.payments, logger: deps.logger }, effects.payments);
    return readOrder(deps.pool, tenant, orderId);
  }
  const { payment, paymentToken } = effects.charge;
  const result = await sendPayment(deps.payments, {
    payment: pendingPayment(payment),
    paymentToken,
    description: `Fareflow order ${orderId} change`,
    mayHaveBeenSent: false,
  });
  await withTransaction(deps.pool, (tx) =>
    finalizeCharges(tx, [{ orderId, idempotencyKey: payment.idempotencyKey, result }], deps),
  );
  if (isDeclined(result)) {
    deps.metrics.paymentFailures.inc({ reason: 'declined' });
    throw new OrderError('PAYMENT_DECLINED', `the fare difference was declined: ${result.reason}`);
  }
  return readOrder(deps.pool, tenant, orderId);
}

/** Load (order, inventory rows, payments), decide `change`, write: one transaction. */
async function secureNewSeats(
  deps: OrderCommandDeps,
  tx: SqlExecutor,
  tenant: string,
  orderId: string,
  move: ChangeRequest,
): Promise<AppliedDecision> {
  const [order] = await lockOrders(tx, [orderId], orderStatuses, tenant);
  if (!order) {
    throw orderNotFound(orderId);
  }
  const keys = changeInventoryKeys(order, move);
  const inventory = keys.length > 0 ? await lockInventory(tx, keys) : new Map<string, never>();
  const payments = await findPayments(tx, [orderId]);
  const applied = appliedOrThrow(orderId, decide(order, { kind: 'change', move, inventory, payments }));
  if (!applied) {
    throw new Error(`order ${orderId}: a change is never a no-op`);
  }
  await writeDecisions(tx, [applied], deps);
  return applied;
}
