import {
  type Cabin,
  compareAmounts,
  multiplyAmount,
  type RegionOfFlight,
  type SqlExecutor,
  subtractAmounts,
  ValidationError,
  withTransaction,
} from '@fareflow/shared';

import { applyInventoryDeltas, lockInventory } from '../adapters/inventory.repository';
import { batchUpdateOrders, findOrder, insertItem, lockOrders } from '../adapters/order.repository';
import { batchInsertPayments, findPayments, type NewPayment } from '../adapters/payment.repository';
import { inventoryKey, type Order, type OrderItem, orderStatuses } from '../domain/order';
import { OrderError, orderNotFound, stateConflict, UnknownFlightError } from '../domain/order-errors';
import { allocateSeats } from '../domain/seat-allocation';
import { completeChange } from './complete-change';
import { type OrderCommandDeps } from './order-commands';
import { planRefunds, sendRefunds } from './refunds';
import { pendingPayment, sendPayment } from './send-payment';

export interface ChangeRequest {
  itemNo: number;
  flightId: string;
  cabin?: Cabin | undefined;
}

type FirstPhase =
  { kind: 'done'; refunds: NewPayment[] } | { kind: 'charge'; payment: NewPayment; paymentToken: string | undefined };

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
  const first = await withTransaction(deps.pool, (tx) =>
    secureNewSeats(tx, deps.regionOfFlight, tenant, orderId, change),
  );
  if (first.kind === 'done') {
    await sendRefunds({ db: deps.pool, payments: deps.payments, logger: deps.logger }, first.refunds);
  } else {
    const result = await sendPayment(deps.payments, {
      payment: pendingPayment(first.payment),
      paymentToken: first.paymentToken,
      description: `Fareflow order ${orderId} change`,
      mayHaveBeenSent: false,
    });
    await withTransaction(deps.pool, (tx) =>
      completeChange(tx, orderId, first.payment.idempotencyKey, result, deps.regionOfFlight),
    );
    if (result.status === 'declined') {
      deps.metrics.paymentFailures.inc({ reason: 'declined' });
      throw new OrderError('PAYMENT_DECLINED', `the fare difference was declined: ${result.reason}`);
    }
  }
  const order = await findOrder(deps.pool, tenant, orderId);
  if (!order) {
    throw orderNotFound(orderId);
  }
  return order;
}

async function secureNewSeats(
  tx: SqlExecutor,
  regionOfFlight: RegionOfFlight,
  tenant: string,
  orderId: string,
  change: ChangeRequest,
): Promise<FirstPhase> {
  const [order] = await lockOrders(tx, [orderId], [...orderStatuses], tenant);
  if (!order) {
    throw orderNotFound(orderId);
  }
  if (order.status !== 'held' && order.status !== 'confirmed' && order.status !== 'oversold') {
    throw stateConflict(orderId, order.status, 'change');
  }
  const old = order.items.find((item) => item.itemNo === change.itemNo && item.state === 'reserved');
  if (!old) {
    throw new ValidationError('itemNo', `order ${orderId} has no active item ${change.itemNo}`);
  }
  const cabin = change.cabin ?? old.cabin;
  if (change.flightId === old.flightId && cabin === old.cabin) {
    throw new ValidationError('flightId', 'the item is already on this flight and cabin');
  }
  const inventory = await lockInventory(tx, [
    { flightId: old.flightId, cabin: old.cabin },
    { flightId: change.flightId, cabin },
  ]);
  const target = inventory.get(inventoryKey(change.flightId, cabin));
  if (!target || target.price === undefined) {
    throw new UnknownFlightError('flightId', `${change.flightId} ${cabin} is not on sale`);
  }
  if (order.currency !== undefined && target.currency !== order.currency) {
    throw new ValidationError(
      'flightId',
      `${change.flightId} is priced in ${target.currency}, the order in ${order.currency}`,
    );
  }
  const itemNo = Math.max(...order.items.map((item) => item.itemNo)) + 1;
  const allocation = allocateSeats(
    [{ orderId, type: order.type, items: [{ itemNo, flightId: change.flightId, cabin, seats: old.seats }] }],
    inventory,
  );
  const [outcome] = allocation.outcomes;
  if (!outcome || outcome.kind === 'failed') {
    throw new OrderError('NO_SEATS', outcome?.reason ?? 'no seats');
  }
  // The new seats first: the old ones are released only once the new ones are ours.
  await applyInventoryDeltas(tx, allocation.deltas, regionOfFlight);
  const [reserved] = outcome.items;
  const newItem: OrderItem = {
    ...old,
    itemNo,
    flightId: change.flightId,
    cabin,
    state: 'reserved',
    seatStatus: reserved?.seatStatus ?? 'confirmed',
    unitPrice: target.price,
    currency: outcome.currency,
    replacesItemNo: old.itemNo,
  };
  await insertItem(tx, {
    ...newItem,
    orderId,
    seatStatus: reserved?.seatStatus ?? 'confirmed',
    unitPrice: target.price,
    currency: outcome.currency,
    replacesItemNo: old.itemNo,
  });
  const difference = subtractAmounts(
    multiplyAmount(target.price, old.seats),
    multiplyAmount(old.unitPrice ?? '0', old.seats),
  );
  const isPaid = order.status !== 'held';
  if (isPaid && compareAmounts(difference, '0') > 0) {
    const payment: NewPayment = {
      idempotencyKey: `order-${orderId}-change-${itemNo}`,
      orderId,
      kind: 'charge',
      amount: difference,
      currency: outcome.currency,
    };
    await batchInsertPayments(tx, [payment]);
    await batchUpdateOrders(tx, [{ orderId, status: 'changing', isFinal: false }]);
    return { kind: 'charge', payment, paymentToken: order.paymentToken };
  }
  const refundAmount = subtractAmounts('0', difference);
  const refunds =
    isPaid && compareAmounts(refundAmount, '0') > 0
      ? planRefunds(await findPayments(tx, [orderId]), `order-${orderId}-change-${itemNo}`, refundAmount)
      : [];
  await batchInsertPayments(tx, refunds);
  await completeChange(tx, orderId, undefined, { status: 'succeeded', reference: '' }, regionOfFlight, {
    ...order,
    items: [...order.items, newItem],
  });
  return { kind: 'done', refunds };
}
