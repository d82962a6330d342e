import { PermanentError, ValidationError } from '@fareflow/shared';

import type { Refusal } from './order-decision';

/** Codes the order API answers with, beyond validation; `orderErrorStatus` maps them to HTTP. */
export type OrderErrorCode =
  | 'ORDER_NOT_FOUND'
  | 'IDEMPOTENCY_CONFLICT'
  | 'ORDER_STATE_CONFLICT'
  | 'NO_SEATS'
  | 'PAYMENT_DECLINED'
  | 'HOLD_EXPIRED';

export class OrderError extends PermanentError<OrderErrorCode> {}

export const orderErrorStatus: Readonly<Record<OrderErrorCode, number>> = {
  ORDER_NOT_FOUND: 404,
  IDEMPOTENCY_CONFLICT: 409,
  ORDER_STATE_CONFLICT: 409,
  NO_SEATS: 409,
  PAYMENT_DECLINED: 402,
  HOLD_EXPIRED: 409,
};

export const orderNotFound = (orderId: string) => new OrderError('ORDER_NOT_FOUND', `no order ${orderId}`);

/** A flight or cabin the inventory does not know (or does not sell yet): bad input, names the field. */
export class UnknownFlightError extends ValidationError {}

/** The error the API answers with for a refused command. */
export function refusalError(refusal: Refusal): Error {
  switch (refusal.code) {
    case 'ORDER_STATE_CONFLICT':
    case 'HOLD_EXPIRED':
    case 'NO_SEATS':
      return new OrderError(refusal.code, refusal.message);
    case 'UNKNOWN_FLIGHT':
      return new UnknownFlightError(refusal.field ?? 'flightId', refusal.message);
    case 'INVALID_CHANGE':
    case 'PAYMENT_TOKEN_REQUIRED':
      return new ValidationError(refusal.field ?? 'body', refusal.message);
  }
}
