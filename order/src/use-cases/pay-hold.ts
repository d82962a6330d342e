import { type SqlExecutor, withTransaction } from '@fareflow/shared';

import { lockOrders } from '../adapters/order-locks.repository';
import { findPayments } from '../adapters/payment.repository';
import { type Order, orderStatuses } from '../domain/order';
import { OrderError, orderNotFound, refusalError } from '../domain/order-errors';
import { decide } from '../domain/order-lifecycle';
import { countCharges, isDeclined, pendingPayment } from '../domain/payment';
import { finalizeCharges } from './finalize-charges';
import { type OrderCommandDeps, readOrder } from './order-commands';
import { sendPayment } from './send-payment';
import { type AppliedDecision, appliedOrThrow, countSettled, writeDecisions } from './write-decisions';

/**
 * Pays a hold before its `payment_required_by`: charges the total, then turns its held seats into
 * sold ones (confirmed/oversold). A declined card leaves the hold as it was (until its deadline);
 * a hold past its deadline is expired on the spot (seats back) and answers HOLD_EXPIRED.
 * Paying a paid hold again returns it unchanged.
 */
export async function payHold(
  deps: OrderCommandDeps,
  tenant: string,
  orderId: string,
  paymentToken: string | undefined,
): Promise<Order> {
  const now = deps.now?.() ?? new Date();
  const applied = await withTransaction(deps.pool, (tx) => startPayment(deps, tx, tenant, orderId, paymentToken, now));
  if (applied) {
    countSettled(deps.metrics, [applied]);
  }
  const { answer, effects } = applied?.decision ?? {};
  if (answer) {
    deps.metrics.holdExpiries.inc();
    throw refusalError(answer);
  }
  if (effects?.charge) {
    const { payment } = effects.charge;
    const result = await sendPayment(deps.payments, {
      payment: pendingPayment(payment),
      paymentToken: effects.charge.paymentToken,
      description: `Fareflow order ${orderId}`,
      mayHaveBeenSent: false,
    });
    const finalized = await withTransaction(deps.pool, (tx) =>
      finalizeCharges(tx, [{ orderId, idempotencyKey: payment.idempotencyKey, result }], deps),
    );
    countSettled(deps.metrics, finalized.applied);
    if (isDeclined(result)) {
      deps.metrics.paymentFailures.inc({ reason: 'declined' });
      throw new OrderError('PAYMENT_DECLINED', `payment declined: ${result.reason}; the hold stays until its deadline`);
    }
  }
  return readOrder(deps.pool, tenant, orderId);
}

/** Load, decide `pay`, write: one transaction. Undefined when the hold is already paid. */
async function startPayment(
  deps: OrderCommandDeps,
  tx: SqlExecutor,
  tenant: string,
  orderId: string,
  paymentToken: string | undefined,
  now: Date,
): Promise<AppliedDecision | undefined> {
  const [order] = await lockOrders(tx, [orderId], orderStatuses, tenant);
  if (!order) {
    throw orderNotFound(orderId);
  }
  const chargesSoFar = countCharges(await findPayments(tx, [orderId]));
  const applied = appliedOrThrow(orderId, decide(order, { kind: 'pay', now, paymentToken, chargesSoFar }));
  if (applied) {
    await writeDecisions(tx, [applied], deps);
  }
  return applied;
}
