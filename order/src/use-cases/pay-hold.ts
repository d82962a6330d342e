import { type SalesState, type SqlExecutor, withTransaction } from '@fareflow/shared';

import { findInventory } from '../adapters/inventory.repository';
import { lockOrders } from '../adapters/order-locks.repository';
import { findPayments } from '../adapters/payment.repository';
import { inventoryKey, type Order, orderStatuses } from '../domain/order';
import { OrderError, orderNotFound, refusalError } from '../domain/order-errors';
import { decide, reservedItems } from '../domain/order-lifecycle';
import { countCharges, isDeclined, pendingPayment } from '../domain/payment';
import { type SalesClock, salesStateOf } from '../domain/seat-allocation';
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
  const sales = await salesStateOfHold(tx, order, { nowMs: now.getTime(), cutoffMs: deps.salesCutoffMs });
  const applied = appliedOrThrow(orderId, decide(order, { kind: 'pay', now, paymentToken, chargesSoFar, sales }));
  if (applied) {
    await writeDecisions(tx, [applied], deps);
  }
  return applied;
}

const salesRank: Record<SalesState, number> = { open: 0, closed: 1, departed: 2 };

/** The least open sales state of the flights a hold keeps seats on. */
async function salesStateOfHold(tx: SqlExecutor, order: Order, clock: SalesClock): Promise<SalesState> {
  const items = reservedItems(order);
  if (items.length === 0) {
    return 'open';
  }
  const inventory = await findInventory(tx, items);
  return items
    .map((item) =>
      salesStateOf(
        {
          flightId: item.flightId,
          departureUtcMs: inventory.get(inventoryKey(item.flightId, item.cabin))?.departureUtcMs,
        },
        clock,
      ),
    )
    .reduce((worst, state) => (salesRank[state] > salesRank[worst] ? state : worst), 'open' as SalesState);
}
