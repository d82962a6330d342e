import {
  addAmounts,
  type Cabin,
  compareAmounts,
  multiplyAmount,
  parseFlightId,
  subtractAmounts,
} from '@fareflow/shared';

import { inventoryKey, type Order, type OrderItem, type PriceTerms, statusOfReservedItems } from './order';
import { type AnsweredPayment, apply, type Decision, refuse, stateConflict } from './order-decision';
import { type Effects, noEffects, releaseItems, reservedItems } from './order-effects';
import { hasHeldSeats, isActive } from './order-states';
import { outcomeOf, type PaymentRecord, planRefunds } from './payment';
import { allocateSeats, type InventorySnapshot, type SalesClock, salesStateOf } from './seat-allocation';

/** Move item `itemNo` to `flightId` (and `cabin`, else the item's own), on `priceTerms` if given (an offer, a limit). */
export interface ItemMove {
  itemNo: number;
  flightId: string;
  cabin?: Cabin | undefined;
  priceTerms?: PriceTerms | undefined;
}

/** A change keeps the city pair: another flight or day between the same two airports. */
function isSameCityPair(from: string, to: string): boolean {
  const [a, b] = [parseFlightId(from), parseFlightId(to)];
  return a !== undefined && b !== undefined && a.origin === b.origin && a.destination === b.destination;
}

/**
 * The inventory rows deciding a change of `move` needs (locked): the item's current flight and the
 * target. None when the change is refused before inventory matters (wrong state, no such item).
 */
export function changeInventoryKeys(order: Order, move: ItemMove): { flightId: string; cabin: string }[] {
  const old = reservedItems(order).find((item) => item.itemNo === move.itemNo);
  if (!isActive(order.status) || !old) {
    return [];
  }
  return [
    { flightId: old.flightId, cabin: old.cabin },
    { flightId: move.flightId, cabin: move.cabin ?? old.cabin },
  ];
}

/** The item being moved (`old`) and the one replacing it (`next`), both still holding seats. */
export function findChangePair(order: Pick<Order, 'items'>): { old: OrderItem; next: OrderItem } | undefined {
  for (const next of order.items) {
    const old = order.items.find((item) => item.itemNo === next.replacesItemNo);
    if (next.state === 'reserved' && old?.state === 'reserved') {
      return { old, next };
    }
  }
  return undefined;
}

/**
 * A change secures the new seats before the old ones go. A paid order whose new fare is higher
 * waits in `changing` for the difference to be charged; otherwise the move completes at once (a
 * lower fare is refunded). Holds move without money. `inventory` must hold the locked rows of
 * `changeInventoryKeys`. Only between the same two airports, and only while both flights are on
 * sale (outside the sales cut-off): a flown or closing segment is not changed, nor changed onto.
 */
export function decideChange(
  order: Order,
  move: ItemMove,
  inventory: ReadonlyMap<string, InventorySnapshot>,
  payments: readonly PaymentRecord[],
  clock: SalesClock,
): Decision {
  if (!isActive(order.status)) {
    return stateConflict(order, 'change');
  }
  const old = reservedItems(order).find((item) => item.itemNo === move.itemNo);
  if (!old) {
    return refuse('INVALID_CHANGE', `order ${order.orderId} has no active item ${move.itemNo}`, 'itemNo');
  }
  const cabin = move.cabin ?? old.cabin;
  if (move.flightId === old.flightId && cabin === old.cabin) {
    return refuse('INVALID_CHANGE', 'the item is already on this flight and cabin', 'flightId');
  }
  if (!isSameCityPair(old.flightId, move.flightId)) {
    const pair = (id: string) => {
      const key = parseFlightId(id);
      return key ? `${key.origin}-${key.destination}` : id;
    };
    const message = `a change keeps the city pair: item ${old.itemNo} flies ${pair(old.flightId)}, not ${pair(move.flightId)}`;
    return refuse('INVALID_CHANGE', message, 'flightId');
  }
  const current = inventory.get(inventoryKey(old.flightId, old.cabin));
  const currentSales = current ? salesStateOf(current, clock) : 'open';
  if (currentSales !== 'open') {
    return currentSales === 'departed'
      ? refuse('DEPARTED', `${old.flightId} has departed: item ${old.itemNo} can no longer be changed`, 'itemNo')
      : refuse(
          'SALES_CLOSED',
          `${old.flightId} is inside the sales cut-off: item ${old.itemNo} can no longer be changed`,
          'itemNo',
        );
  }
  const target = inventory.get(inventoryKey(move.flightId, cabin));
  if (!target || target.price === undefined) {
    return refuse('UNKNOWN_FLIGHT', `${move.flightId} ${cabin} is not on sale`, 'flightId');
  }
  if (order.currency !== undefined && target.currency !== order.currency) {
    const message = `${move.flightId} is priced in ${target.currency}, the order in ${order.currency}`;
    return refuse('INVALID_CHANGE', message, 'flightId');
  }
  const itemNo = Math.max(...order.items.map((item) => item.itemNo)) + 1;
  const isUnpaid = hasHeldSeats(order.status);
  // Seats of an unpaid hold count as held, every other order's as sold (a paid hold included).
  const allocation = allocateSeats(
    [
      {
        orderId: order.orderId,
        type: isUnpaid ? 'hold' : 'instant',
        items: [{ itemNo, flightId: move.flightId, cabin, seats: old.seats, priceTerms: move.priceTerms }],
      },
    ],
    inventory,
    clock,
  );
  const [outcome] = allocation.outcomes;
  if (!outcome || outcome.kind === 'failed') {
    const code = outcome?.code;
    const isRefusalOfItsOwn = code === 'SALES_CLOSED' || code === 'DEPARTED' || code === 'PRICE_CHANGED';
    return isRefusalOfItsOwn
      ? refuse(code, outcome?.reason ?? code, 'flightId')
      : refuse('NO_SEATS', outcome?.reason ?? 'no seats');
  }
  const unitPrice = outcome.items[0]?.unitPrice ?? target.price;
  if (order.currency !== undefined && outcome.currency !== order.currency) {
    const message = `${move.flightId} is offered in ${outcome.currency}, the order is in ${order.currency}`;
    return refuse('INVALID_CHANGE', message, 'offerId');
  }
  const next: OrderItem = {
    ...old,
    itemNo,
    flightId: move.flightId,
    cabin,
    state: 'reserved',
    seatStatus: outcome.items[0]?.seatStatus ?? 'confirmed',
    unitPrice,
    currency: outcome.currency,
    replacesItemNo: old.itemNo,
    priceTerms: move.priceTerms,
  };
  // The difference between what the traveller paid for the old item (its offer's price, if any) and the new price.
  const difference = subtractAmounts(
    multiplyAmount(unitPrice, old.seats),
    multiplyAmount(old.unitPrice ?? '0', old.seats),
  );
  const secured = { ...noEffects(), seatMoves: allocation.deltas, newItems: [next] };
  if (!isUnpaid && compareAmounts(difference, '0') > 0) {
    const payment = {
      idempotencyKey: `order-${order.orderId}-change-${itemNo}`,
      orderId: order.orderId,
      kind: 'charge' as const,
      amount: difference,
      currency: outcome.currency,
    };
    return apply(order, {
      ...secured,
      order: { status: 'changing', isFinal: false },
      payments: [payment],
      charge: { payment, paymentToken: order.paymentToken },
    });
  }
  const refund = subtractAmounts('0', difference);
  const refunds =
    !isUnpaid && compareAmounts(refund, '0') > 0
      ? planRefunds(payments, `order-${order.orderId}-change-${itemNo}`, refund)
      : [];
  const completed = completeMove(order, [...order.items, next], { old, next }, true);
  return apply(order, {
    ...completed,
    seatMoves: [...secured.seatMoves, ...completed.seatMoves],
    newItems: secured.newItems,
    payments: refunds,
  });
}

/**
 * Second half of a change: with the fare difference paid, the old item is replaced (its seats back);
 * declined, the new item is released and the order stays as it was.
 */
export function decideCompleteChange(order: Order, payment: AnsweredPayment): Decision {
  const pair = findChangePair(order);
  if (order.status !== 'changing' || !pair) {
    return stateConflict(order, 'complete a change');
  }
  const isAccepted = payment.answer.status === 'succeeded';
  const completed = completeMove(order, order.items, pair, isAccepted);
  return apply(order, {
    ...completed,
    paymentOutcomes: [outcomeOf(payment.idempotencyKey, payment.answer)],
  });
}

function completeMove(
  order: Order,
  items: readonly OrderItem[],
  pair: { old: OrderItem; next: OrderItem },
  isAccepted: boolean,
): Effects {
  const leaving = isAccepted ? pair.old : pair.next;
  const release = releaseItems(order, [leaving], isAccepted ? 'replaced' : 'released');
  const remaining = items.map((item) =>
    item.itemNo === leaving.itemNo ? { ...item, state: 'released' as const } : item,
  );
  const totalAmount = isAccepted
    ? addAmounts(
        subtractAmounts(order.totalAmount ?? '0', multiplyAmount(pair.old.unitPrice ?? '0', pair.old.seats)),
        multiplyAmount(pair.next.unitPrice ?? '0', pair.next.seats),
      )
    : order.totalAmount;
  const status = hasHeldSeats(order.status) ? order.status : statusOfReservedItems(remaining);
  return { ...release, order: { status, totalAmount, isFinal: true } };
}
