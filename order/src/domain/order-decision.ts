import type { Order, OrderStatus } from './order';
import type { Effects } from './order-effects';
import type { PaymentAnswer } from './payment';

/** A payment the gateway answered, and the key it was recorded under. */
export interface AnsweredPayment {
  idempotencyKey: string;
  answer: PaymentAnswer;
}

/** Why a command was refused. */
export type RefusalCode =
  | 'ORDER_STATE_CONFLICT'
  | 'HOLD_EXPIRED'
  | 'NO_SEATS'
  | 'UNKNOWN_FLIGHT'
  | 'INVALID_CHANGE'
  | 'PAYMENT_TOKEN_REQUIRED'
  | 'SALES_CLOSED'
  | 'DEPARTED'
  | 'PRICE_CHANGED';

/** A refused command; `field` names the request field when the refusal is about the caller's input. */
export interface Refusal {
  code: RefusalCode;
  message: string;
  field?: string | undefined;
}

/**
 * The decision for one order and one command: write `effects` (the order moves from `from` to
 * `next`), leave the order as it is (`unchanged`: the command was already applied), or refuse.
 * `answer` on an applied decision is a refusal to report *after* the effects are committed (paying
 * a lapsed hold expires it, then answers HOLD_EXPIRED).
 */
export type Decision =
  | { kind: 'apply'; from: OrderStatus; next: OrderStatus; effects: Effects; answer?: Refusal | undefined }
  | { kind: 'unchanged'; status: OrderStatus }
  | { kind: 'refuse'; refusal: Refusal };

/** An applied decision; its `next` is the status the effects write. */
export const apply = (order: Pick<Order, 'status'>, effects: Effects, answer?: Refusal): Decision => ({
  kind: 'apply',
  from: order.status,
  next: effects.order.status,
  effects,
  ...(answer ? { answer } : {}),
});

export const refuse = (code: RefusalCode, message: string, field?: string): Decision => ({
  kind: 'refuse',
  refusal: field === undefined ? { code, message } : { code, message, field },
});

export const stateConflict = (order: Pick<Order, 'orderId' | 'status'>, action: string): Decision =>
  refuse('ORDER_STATE_CONFLICT', `order ${order.orderId} is ${order.status}: cannot ${action}`);
