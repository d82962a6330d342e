import { type Cabin, type Money, type SqlExecutor, ValidationError, withTransaction } from '@fareflow/shared';

import { lockInventory } from '../adapters/inventory.repository';
import { lockOrders } from '../adapters/order-locks.repository';
import { findPayments } from '../adapters/payment.repository';
import { type Order, orderStatuses } from '../domain/order';
import { OrderError, orderNotFound } from '../domain/order-errors';
import { changeInventoryKeys, decide, type ItemMove } from '../domain/order-lifecycle';
import { limitTerms, resolveItems } from '../domain/order-offers';
import { isDeclined, pendingPayment } from '../domain/payment';
import { finalizeCharges } from './finalize-charges';
import { type OrderCommandDeps, readOrder, salesClockOf } from './order-commands';
import { sendRefunds } from './refunds';
import { sendPayment } from './send-payment';
import { type AppliedDecision, appliedOrThrow, writeDecisions } from './write-decisions';

/** Move item `itemNo` onto an offer (its signed id), or onto a flight and cabin with an optional price ceiling. */
export type ChangeRequest =
  | { itemNo: number; offerId: string }
  | { itemNo: number; flightId: string; cabin?: Cabin | undefined; maxUnitPrice?: Money | undefined };

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
  request: ChangeRequest,
): Promise<AppliedDecision> {
  const clock = salesClockOf(deps);
  const move = itemMoveOf(deps, request, new Date(clock.nowMs));
  const [order] = await lockOrders(tx, [orderId], orderStatuses, tenant);
  if (!order) {
    throw orderNotFound(orderId);
  }
  const keys = changeInventoryKeys(order, move);
  const inventory = keys.length > 0 ? await lockInventory(tx, keys) : new Map<string, never>();
  const payments = await findPayments(tx, [orderId]);
  const applied = appliedOrThrow(orderId, decide(order, { kind: 'change', move, inventory, payments, clock }));
  if (!applied) {
    throw new Error(`order ${orderId}: a change is never a no-op`);
  }
  await writeDecisions(tx, [applied], deps);
  return applied;
}

/** The move a change request stands for: an offer's one flight at its price, or a flight with its ceiling. */
function itemMoveOf(deps: OrderCommandDeps, request: ChangeRequest, now: Date): ItemMove {
  if (!('offerId' in request)) {
    // Without an offer, the cabin stays the item's own unless the caller names another.
    const { itemNo, flightId, cabin, maxUnitPrice } = request;
    return { itemNo, flightId, cabin, priceTerms: limitTerms(maxUnitPrice) };
  }
  const offer = { offerId: request.offerId, passengers: [] };
  const [target, ...more] = resolveItems([offer], (offerId) => deps.offers.decode(offerId, 'offerId'), now);
  if (!target || more.length > 0) {
    throw new ValidationError('offerId', 'a change moves one item onto one flight: this offer has several legs');
  }
  return { itemNo: request.itemNo, flightId: target.flightId, cabin: target.cabin, priceTerms: target.priceTerms };
}
