import { type RegionOfFlight, type SqlExecutor, ValidationError, withTransaction } from '@fareflow/shared';

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
import { OrderError, orderNotFound, stateConflict } from '../domain/order-errors';
import { finalizeCharges } from './finalize-charges';
import { mergeDeltas, type OrderCommandDeps, releaseSeats, reservedItems } from './order-commands';
import { pendingPayment, sendPayment } from './send-payment';

type Start = { kind: 'paid' } | { kind: 'expired' } | { kind: 'charge'; payment: NewPayment; paymentToken: string };

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
  const start = await withTransaction(deps.pool, (tx) => startPayment(deps, tx, tenant, orderId, paymentToken));
  if (start.kind === 'expired') {
    deps.metrics.holdExpiries.inc();
    deps.metrics.ordersByStatus.inc({ status: 'expired' });
    throw new OrderError('HOLD_EXPIRED', `the hold of order ${orderId} lapsed before payment; its seats were released`);
  }
  if (start.kind === 'charge') {
    const result = await sendPayment(deps.payments, {
      payment: pendingPayment(start.payment),
      paymentToken: start.paymentToken,
      description: `Fareflow order ${orderId}`,
      mayHaveBeenSent: false,
    });
    const finalized = await withTransaction(deps.pool, async (tx) => {
      const outcome = await finalizeCharges(
        tx,
        [{ orderId, idempotencyKey: start.payment.idempotencyKey, result }],
        deps.regionOfFlight,
      );
      await notifySettled(tx, deps.settledChannel, [orderId]);
      return outcome;
    });
    finalized.settled.forEach((entry) => deps.metrics.ordersByStatus.inc({ status: entry.status }));
    if (result.status === 'declined') {
      deps.metrics.paymentFailures.inc({ reason: 'declined' });
      throw new OrderError('PAYMENT_DECLINED', `payment declined: ${result.reason}; the hold stays until its deadline`);
    }
  }
  const order = await findOrder(deps.pool, tenant, orderId);
  if (!order) {
    throw orderNotFound(orderId);
  }
  return order;
}

async function startPayment(
  deps: OrderCommandDeps,
  tx: SqlExecutor,
  tenant: string,
  orderId: string,
  paymentToken: string | undefined,
): Promise<Start> {
  const [order] = await lockOrders(tx, [orderId], [...orderStatuses], tenant);
  if (!order) {
    throw orderNotFound(orderId);
  }
  if (order.type === 'hold' && (order.status === 'confirmed' || order.status === 'oversold')) {
    return { kind: 'paid' };
  }
  if (order.status !== 'held') {
    throw order.status === 'expired'
      ? new OrderError('HOLD_EXPIRED', `the hold of order ${orderId} lapsed before payment`)
      : stateConflict(orderId, order.status, 'pay');
  }
  if (order.paymentRequiredBy && order.paymentRequiredBy.getTime() <= Date.now()) {
    await expireHeldOrders(tx, [order], deps.settledChannel, deps.regionOfFlight);
    return { kind: 'expired' };
  }
  const token = paymentToken ?? order.paymentToken;
  if (!token) {
    throw new ValidationError('paymentToken', 'a payment token is required to pay a hold');
  }
  const attempts = (await findPayments(tx, [orderId])).filter((payment) => payment.kind === 'charge').length;
  const payment: NewPayment = {
    idempotencyKey: `order-${orderId}-pay-${attempts + 1}`,
    orderId,
    kind: 'charge',
    amount: order.totalAmount ?? '0',
    currency: order.currency ?? 'EUR',
  };
  await batchInsertPayments(tx, [payment]);
  await tx.query(
    `UPDATE orders SET status = 'paying', payment_token = $2, updated_at = clock_timestamp() WHERE order_id = $1`,
    [orderId, token],
  );
  return { kind: 'charge', payment, paymentToken: token };
}

/** Gives the seats of lapsed holds back and marks them expired (caller holds the orders' locks). */
export async function expireHeldOrders(
  tx: SqlExecutor,
  orders: Order[],
  settledChannel: string,
  regionOfFlight: RegionOfFlight,
): Promise<void> {
  if (orders.length === 0) {
    return;
  }
  const releases = orders.map((order) => releaseSeats(order, reservedItems(order)));
  await applyInventoryDeltas(tx, mergeDeltas(releases.flatMap((release) => release.deltas)), regionOfFlight);
  await batchUpdateItems(
    tx,
    releases.flatMap((release) => release.itemUpdates),
  );
  await batchUpdateOrders(
    tx,
    orders.map((order) => ({
      orderId: order.orderId,
      status: 'expired' as const,
      failureCode: 'HOLD_EXPIRED',
      failureReason: 'not paid before payment_required_by',
      isFinal: true,
    })),
  );
  await notifySettled(
    tx,
    settledChannel,
    orders.map((order) => order.orderId),
  );
}
