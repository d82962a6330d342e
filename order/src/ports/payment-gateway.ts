import { PermanentError, RetryableError } from '@fareflow/shared';

export interface ChargeRequest {
  /** The gateway charges at most once per key, however often the request is sent. */
  idempotencyKey: string;
  amount: string;
  currency: string;
  paymentToken: string;
  description: string;
}

export interface RefundRequest {
  idempotencyKey: string;
  /** The gateway reference of the charge being refunded. */
  chargeReference: string;
  amount: string;
  currency: string;
}

export type PaymentResult =
  { status: 'succeeded'; reference: string } | { status: 'declined'; reference: string; reason: string };

/**
 * A card payment provider. Every call carries an idempotency key; the provider guarantees one
 * charge (or refund) per key. Out of scope: 3-D Secure, partial captures, currencies conversion.
 */
export interface PaymentGateway {
  /** Throws PaymentTimeoutError when the outcome is unknown (the charge may or may not exist). */
  charge(request: ChargeRequest): Promise<PaymentResult>;
  refund(request: RefundRequest): Promise<PaymentResult>;
  /** What the provider recorded for a key; `undefined` if it never received that request. */
  findByKey(idempotencyKey: string): Promise<PaymentResult | undefined>;
}

/** The gateway did not answer in time: the payment may or may not have happened. */
export class PaymentTimeoutError extends RetryableError<'PAYMENT_TIMEOUT'> {
  constructor(idempotencyKey: string) {
    super('PAYMENT_TIMEOUT', `payment gateway timed out (key ${idempotencyKey})`);
  }
}

export class PaymentUnavailableError extends RetryableError<'PAYMENT_UNAVAILABLE'> {}

export class PaymentRejectedError extends PermanentError<'PAYMENT_REJECTED'> {}
