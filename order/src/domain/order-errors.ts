import { PermanentError, ValidationError } from '@fareflow/shared';

import type { Refusal } from './order-decision';

/** Codes the order API answers with, beyond validation; `orderErrorStatus` maps them to HTTP. */
export type OrderErrorCode =
  | 'ORDER_NOT_FOUND'
  | 'IDEMPOTENCY_CONFLICT'
  | 'ORDER_STATE_CONFLICT'
  | 'NO_SEATS'
  | 'PAYMENT_DECLINED'
  | 'HOLD_EXPIRED'
  | 'SALES_CLOSED'
  | 'DEPARTED'
  | 'PRICE_CHANGED'
  | 'OFFER_EXPIRED'
  | 'MIXED_CURRENCIES';

/** A refusal of the order API; `field` names the request field it is about, when there is one. */
export class OrderError extends PermanentError<OrderErrorCode> {
  constructor(
    code: OrderErrorCode,
    message: string,
    readonly field?: string | undefined,
  ) {
    super(code, message);
  }
}

export const orderErrorStatus: Readonly<Record<OrderErrorCode, number>> = {
  ORDER_NOT_FOUND: 404,
  IDEMPOTENCY_CONFLICT: 409,
  ORDER_STATE_CONFLICT: 409,
  NO_SEATS: 409,
  PAYMENT_DECLINED: 402,
  HOLD_EXPIRED: 409,
  SALES_CLOSED: 409,
  DEPARTED: 409,
  PRICE_CHANGED: 409,
  OFFER_EXPIRED: 409,
  MIXED_CURRENCIES: 400,
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
    case 'SALES_CLOSED':
    case 'DEPARTED':
    case 'PRICE_CHANGED':
      return new OrderError(refusal.code, refusal.message, refusal.field);
    case 'UNKNOWN_FLIGHT':
      return new UnknownFlightError(refusal.field ?? 'flightId', refusal.message);
    case 'INVALID_CHANGE':
    case 'PAYMENT_TOKEN_REQUIRED':
      return new ValidationError(refusal.field ?? 'body', refusal.message);
  }
}
