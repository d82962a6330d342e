import { compareAmounts, type SalesState } from '@fareflow/shared';

import { type FailureCode, type Order, type OrderStatus, statusOfReservedItems } from './order';
import { decideChange, decideCompleteChange, type ItemMove } from './order-change';
import { type AnsweredPayment, apply, type Decision, refuse, stateConflict } from './order-decision';
import {
  type ChargeToSend,
  type Effects,
  noEffects,
  releaseItems,
  reservedItems,
  type SeatGrant,
  takeSeats,
} from './order-effects';
import { activeStatuses, claimableStatuses, isAwaitingCharge, isExpirable } from './order-states';
import { outcomeOf, type PaymentRecord, planRefunds } from './payment';
import type { InventorySnapshot, ReservationOutcome, SalesClock } from './seat-allocation';

export { changeInventoryKeys, findChangePair, type ItemMove } from './order-change';
export type { AnsweredPayment, Decision, Refusal, RefusalCode } from './order-decision';
export type { ChargeToSend, Effects, ItemChange, OrderChange, SeatGrant } from './order-effects';
export { reservedItems } from './order-effects';
export * from './order-states';

/**
 * What can happen to a stored order. Each command is decided against the order's current state
 * by `decide`; time-dependent ones carry the clock (`now`).
 *
 * - `submit`: a new order is stored `pending` (see `newOrderStatus`); a stored order refuses it.
 * - `reserve`: the worker takes a pending order (pending -> processing).
 * - `hold`: seats granted to a hold (processing -> held).
 * - `charge`: seats granted to an instant order; its total is charged (stays processing), or
 *   nothing is owed (-> confirmed/oversold).
 * - `confirm`: the charge the order waits for succeeded (processing/paying -> confirmed/oversold).
 * - `fail`: the step the order waits for failed: no seats (processing -> failed), a declined charge
 *   (processing -> failed, seats back), or a declined hold payment (paying -> held, until its deadline).
 * - `pay`: pay a hold (held -> paying), or, past its deadline, expire it and answer HOLD_EXPIRED.
 * - `expire`: a hold past `paymentRequiredBy` gives its seats back (held -> expired).
 * - `cancel`: seats back and everything charged refunded (held/confirmed/oversold -> cancelled).
 * - `change`: move one item to another flight or cabin (-> changing while a higher fare is charged).
 * - `complete-change`: the fare difference was charged or declined (changing -> confirmed/oversold).
 */
export type OrderCommand =
  | { kind: 'submit' }
  | { kind: 'reserve' }
  | { kind: 'hold'; grant: SeatGrant }
  | { kind: 'charge'; grant: SeatGrant }
  | { kind: 'confirm'; payment: AnsweredPayment }
  | { kind: 'fail'; code: FailureCode; reason: string; payment?: AnsweredPayment | undefined }
  | {
      kind: 'pay';
      now: Date;
      paymentToken: string | undefined;
      chargesSoFar: number;
      /** Whether the hold's flights can still be sold (the least open of them). */
      sales: SalesState;
    }
  | { kind: 'expire'; now: Date }
  | { kind: 'cancel'; payments: readonly PaymentRecord[] }
  | {
      kind: 'change';
      move: ItemMove;
      inventory: ReadonlyMap<string, InventorySnapshot>;
      payments: readonly PaymentRecord[];
      clock: SalesClock;
    }
  | { kind: 'complete-change'; payment: AnsweredPayment };

export type OrderCommandKind = OrderCommand['kind'];

// A record, not a list: a command added to the union without an entry here does not compile.
const commandKinds: Record<OrderCommandKind, true> = {
  submit: true,
  reserve: true,
  hold: true,
  charge: true,
  confirm: true,
  fail: true,
  pay: true,
  expire: true,
  cancel: true,
  change: true,
  'complete-change': true,
};

/** Every command kind, for exhaustive tables. */
export const orderCommandKinds = Object.keys(commandKinds) as readonly OrderCommandKind[];

/** The status a submitted order is stored with, and the state of each of its items. */
export const newOrderStatus: OrderStatus = 'pending';
export const newItemState = 'pending' as const;

/** A hold must be paid by then; an instant order has no deadline. */
export const paymentDeadline = (type: Order['type'], now: Date, holdTtlMs: number): Date | undefined =>
  type === 'hold' ? new Date(now.getTime() + holdTtlMs) : undefined;

/** The key of the charge the worker sends for an instant order (one charge per order). */
export const chargeKeyOf = (orderId: string): string => `order-${orderId}-charge`;

/**
 * The command an order's pending charge answer means: completing a change for a `changing` order,
 * else `confirm` (succeeded) or `fail` (declined).
 */
export function commandForChargeAnswer(order: Pick<Order, 'status'>, payment: AnsweredPayment): OrderCommand {
  if (order.status === 'changing') {
    return { kind: 'complete-change', payment };
  }
  if (payment.answer.status === 'succeeded') {
    return { kind: 'confirm', payment };
  }
  return { kind: 'fail', code: 'PAYMENT_DECLINED', reason: `payment declined: ${payment.answer.reason}`, payment };
}

/** The command the seat allocation's outcome means for a claimed order: `hold`, `charge` or `fail`. */
export function commandForAllocation(order: Pick<Order, 'type'>, outcome: ReservationOutcome): OrderCommand {
  if (outcome.kind === 'failed') {
    return { kind: 'fail', code: outcome.code, reason: outcome.reason };
  }
  const grant: SeatGrant = { items: outcome.items, total: outcome.total, currency: outcome.currency };
  return order.type === 'hold' ? { kind: 'hold', grant } : { kind: 'charge', grant };
}

/** Decides `command` for `order` (pure: nothing is written, the order is not modified). */
export function decide(order: Order, command: OrderCommand): Decision {
  switch (command.kind) {
    case 'submit':
      return refuse('ORDER_STATE_CONFLICT', `order ${order.orderId} was already submitted`);
    case 'reserve':
      return claimableStatuses.includes(order.status)
        ? apply(order, { ...noEffects(), order: { status: 'processing', isFinal: false } })
        : stateConflict(order, 'reserve');
    case 'hold':
      return decideHold(order, command.grant);
    case 'charge':
      return decideCharge(order, command.grant);
    case 'confirm':
      return decideConfirm(order, command.payment);
    case 'fail':
      return decideFail(order, command);
    case 'pay':
      return decidePay(order, command);
    case 'expire':
      return isExpirable(order.status) && isDue(order, command.now)
        ? apply(order, expiry(order))
        : stateConflict(order, 'expire');
    case 'cancel':
      return decideCancel(order, command.payments);
    case 'change':
      return decideChange(order, command.move, command.inventory, command.payments, command.clock);
    case 'complete-change':
      return decideCompleteChange(order, command.payment);
  }
}

const isDue = (order: Order, now: Date): boolean =>
  order.paymentRequiredBy !== undefined && order.paymentRequiredBy.getTime() <= now.getTime();

function decideHold(order: Order, grant: SeatGrant): Decision {
  // Seats are granted once: a processing order with reserved items is waiting on its charge.
  if (order.status !== 'processing' || order.type !== 'hold' || reservedItems(order).length > 0) {
    return stateConflict(order, 'hold seats');
  }
  return apply(order, {
    ...takeSeats(order, grant, 'held'),
    order: { status: 'held', totalAmount: grant.total, currency: grant.currency, isFinal: true },
  });
}

function decideCharge(order: Order, grant: SeatGrant): Decision {
  if (order.status !== 'processing' || order.type !== 'instant' || reservedItems(order).length > 0) {
    return stateConflict(order, 'charge');
  }
  const taken = takeSeats(order, grant, 'sold');
  if (compareAmounts(grant.total, '0') <= 0) {
    const status = grant.items.some((item) => item.seatStatus === 'oversold') ? 'oversold' : 'confirmed';
    return apply(order, {
      ...taken,
      order: { status, totalAmount: grant.total, currency: grant.currency, isFinal: true },
    });
  }
  const charge: ChargeToSend = {
    payment: {
      idempotencyKey: chargeKeyOf(order.orderId),
      orderId: order.orderId,
      kind: 'charge',
      amount: grant.total,
      currency: grant.currency,
    },
    paymentToken: order.paymentToken,
  };
  return apply(order, {
    ...taken,
    order: { status: 'processing', totalAmount: grant.total, currency: grant.currency, isFinal: false },
    payments: [charge.payment],
    charge,
  });
}

function decideConfirm(order: Order, payment: AnsweredPayment): Decision {
  const reserved = reservedItems(order);
  if (!isAwaitingCharge(order.status) || reserved.length === 0 || payment.answer.status !== 'succeeded') {
    return stateConflict(order, 'confirm');
  }
  const status = statusOfReservedItems(reserved);
  // A paid hold's seats move from held to sold.
  const seatMoves =
    order.status === 'paying'
      ? reserved.map((item) => ({ flightId: item.flightId, cabin: item.cabin, sold: item.seats, held: -item.seats }))
      : [];
  return apply(order, {
    ...noEffects(),
    order: { status, isFinal: true },
    seatMoves,
    paymentOutcomes: [outcomeOf(payment.idempotencyKey, payment.answer)],
  });
}

function decideFail(order: Order, command: Extract<OrderCommand, { kind: 'fail' }>): Decision {
  const paymentOutcomes = command.payment ? [outcomeOf(command.payment.idempotencyKey, command.payment.answer)] : [];
  if (order.status === 'paying') {
    // A declined card leaves the hold as it was, until its deadline.
    return apply(order, { ...noEffects(), order: { status: 'held', isFinal: true }, paymentOutcomes });
  }
  if (order.status !== 'processing') {
    return stateConflict(order, 'fail');
  }
  return apply(order, {
    ...releaseItems(order, order.items),
    order: { status: 'failed', failure: { code: command.code, reason: command.reason }, isFinal: true },
    paymentOutcomes,
  });
}

function decidePay(order: Order, command: Extract<OrderCommand, { kind: 'pay' }>): Decision {
  if (order.type === 'hold' && (order.status === 'confirmed' || order.status === 'oversold')) {
    return { kind: 'unchanged', status: order.status };
  }
  if (order.status === 'expired') {
    return refuse('HOLD_EXPIRED', `the hold of order ${order.orderId} lapsed before payment`);
  }
  if (order.status !== 'held') {
    return stateConflict(order, 'pay');
  }
  if (isDue(order, command.now)) {
    return apply(order, expiry(order), {
      code: 'HOLD_EXPIRED',
      message: `the hold of order ${order.orderId} lapsed before payment; its seats were released`,
    });
  }
  if (command.sales !== 'open') {
    // Its deadline is set no later than the sales cut-off; a schedule change can still move departure earlier.
    return command.sales === 'departed'
      ? refuse('DEPARTED', `a flight of order ${order.orderId} has departed: the hold can no longer be paid`)
      : refuse(
          'SALES_CLOSED',
          `sales of a flight of order ${order.orderId} have closed: the hold can no longer be paid`,
        );
  }
  const paymentToken = command.paymentToken ?? order.paymentToken;
  if (!paymentToken) {
    return refuse('PAYMENT_TOKEN_REQUIRED', 'a payment token is required to pay a hold', 'paymentToken');
  }
  const charge: ChargeToSend = {
    payment: {
      idempotencyKey: `order-${order.orderId}-pay-${command.chargesSoFar + 1}`,
      orderId: order.orderId,
      kind: 'charge',
      amount: order.totalAmount ?? '0',
      currency: order.currency ?? 'EUR',
    },
    paymentToken,
  };
  return apply(order, {
    ...noEffects(),
    order: { status: 'paying', paymentToken, isFinal: false },
    payments: [charge.payment],
    charge,
  });
}

function expiry(order: Order): Effects {
  return {
    ...releaseItems(order, order.items),
    order: {
      status: 'expired',
      failure: { code: 'HOLD_EXPIRED', reason: 'not paid before payment_required_by' },
      isFinal: true,
    },
  };
}

function decideCancel(order: Order, payments: readonly PaymentRecord[]): Decision {
  if (order.status === 'cancelled') {
    return { kind: 'unchanged', status: order.status };
  }
  if (!activeStatuses.includes(order.status)) {
    return stateConflict(order, 'cancel');
  }
  return apply(order, {
    ...releaseItems(order, order.items),
    order: { status: 'cancelled', isFinal: true },
    payments: planRefunds(payments, `order-${order.orderId}-cancel`),
  });
}
