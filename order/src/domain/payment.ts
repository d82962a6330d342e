import { compareAmounts, subtractAmounts } from '@fareflow/shared';

export type PaymentKind = 'charge' | 'refund';
export type PaymentStatus = 'pending' | 'succeeded' | 'declined';

/** A payment as recorded in the order's ledger (one row per idempotency key). */
export interface PaymentRecord {
  idempotencyKey: string;
  orderId: string;
  kind: PaymentKind;
  amount: string;
  currency: string;
  status: PaymentStatus;
  gatewayReference: string | undefined;
  declineReason: string | undefined;
  chargeKey: string | undefined;
  chargeReference: string | undefined;
}

/** A payment to record as pending before it is sent (its key is what makes the gateway call idempotent). */
export interface NewPayment {
  idempotencyKey: string;
  orderId: string;
  kind: PaymentKind;
  amount: string;
  currency: string;
  /** Refunds only: the charge they refund (its key and gateway reference). */
  chargeKey?: string | undefined;
  chargeReference?: string | undefined;
}

/** The gateway's final answer to one payment. */
export type PaymentAnswer =
  { status: 'succeeded'; reference: string } | { status: 'declined'; reference: string; reason: string };

/** A gateway answer to store against the payment's key. */
export interface PaymentOutcome {
  idempotencyKey: string;
  status: 'succeeded' | 'declined';
  gatewayReference: string;
  declineReason?: string | undefined;
}

export const isDeclined = (answer: PaymentAnswer): answer is Extract<PaymentAnswer, { status: 'declined' }> =>
  answer.status === 'declined';

/** The outcome row for `answer` to the payment recorded under `idempotencyKey`. */
export const outcomeOf = (idempotencyKey: string, answer: PaymentAnswer): PaymentOutcome => ({
  idempotencyKey,
  status: answer.status,
  gatewayReference: answer.reference,
  declineReason: isDeclined(answer) ? answer.reason : undefined,
});

/** The answer the gateway already gave to a recorded payment, or undefined while it is still pending. */
export function recordedAnswer(payment: PaymentRecord): PaymentAnswer | undefined {
  switch (payment.status) {
    case 'pending':
      return undefined;
    case 'succeeded':
      return { status: 'succeeded', reference: payment.gatewayReference ?? '' };
    case 'declined':
      return {
        status: 'declined',
        reference: payment.gatewayReference ?? '',
        reason: payment.declineReason ?? 'declined',
      };
  }
}

/** The charges of an order still waiting for the gateway's answer, oldest first. */
export const pendingCharges = (payments: readonly PaymentRecord[]): PaymentRecord[] =>
  payments.filter((payment) => payment.kind === 'charge' && payment.status === 'pending');

export const countCharges = (payments: readonly PaymentRecord[]): number =>
  payments.filter((payment) => payment.kind === 'charge').length;

/** A payment just recorded (pending, no gateway answer yet) as the record the sender takes. */
export const pendingPayment = (payment: NewPayment): PaymentRecord => ({
  ...payment,
  status: 'pending',
  gatewayReference: undefined,
  declineReason: undefined,
  chargeKey: payment.chargeKey,
  chargeReference: payment.chargeReference,
});

/** How much of each succeeded charge has not been refunded (or is not being refunded) yet. */
export function refundableCharges(payments: readonly PaymentRecord[]): { charge: PaymentRecord; remaining: string }[] {
  const isSucceededCharge = (payment: PaymentRecord) => payment.kind === 'charge' && payment.status === 'succeeded';
  const isLiveRefundOf = (charge: PaymentRecord) => (payment: PaymentRecord) =>
    payment.kind === 'refund' && payment.chargeKey === charge.idempotencyKey && payment.status !== 'declined';
  return payments
    .filter(isSucceededCharge)
    .map((charge) => {
      const remaining = payments
        .filter(isLiveRefundOf(charge))
        .reduce((left, refund) => subtractAmounts(left, refund.amount), charge.amount);
      return { charge, remaining };
    })
    .filter((entry) => compareAmounts(entry.remaining, '0') > 0);
}

/**
 * Plans refunds of `amount` (or of everything refundable when undefined) against the order's
 * succeeded charges, largest remainder first. `keyPrefix` makes the keys stable for one action.
 */
export function planRefunds(payments: readonly PaymentRecord[], keyPrefix: string, amount?: string): NewPayment[] {
  let left = amount;
  const planned: NewPayment[] = [];
  const candidates = refundableCharges(payments).sort((a, b) => compareAmounts(b.remaining, a.remaining));
  for (const { charge, remaining } of candidates) {
    if (left !== undefined && compareAmounts(left, '0') <= 0) {
      break;
    }
    const take = left === undefined || compareAmounts(remaining, left) <= 0 ? remaining : left;
    planned.push({
      idempotencyKey: `${keyPrefix}-refund-${planned.length + 1}`,
      orderId: charge.orderId,
      kind: 'refund',
      amount: take,
      currency: charge.currency,
      chargeKey: charge.idempotencyKey,
      chargeReference: charge.gatewayReference,
    });
    left = left === undefined ? undefined : subtractAmounts(left, take);
  }
  return planned;
}
