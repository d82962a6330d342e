import { coerceError, compareAmounts, type Logger, type SqlExecutor, subtractAmounts } from '@fareflow/shared';

import {
  batchSettlePayments,
  type NewPayment,
  type PaymentOutcome,
  type PaymentRecord,
} from '../adapters/payment.repository';
import { pendingPayment, sendPayment, type SendPaymentDeps } from './send-payment';

/** How much of each succeeded charge has not been refunded (or is not being refunded) yet. */
export function refundableCharges(payments: PaymentRecord[]): { charge: PaymentRecord; remaining: string }[] {
  return payments
    .filter((payment) => payment.kind === 'charge' && payment.status === 'succeeded')
    .map((charge) => {
      const taken = payments
        .filter((p) => p.kind === 'refund' && p.chargeKey === charge.idempotencyKey && p.status !== 'declined')
        .map((refund) => refund.amount);
      const remaining = taken.reduce((left, amount) => subtractAmounts(left, amount), charge.amount);
      return { charge, remaining };
    })
    .filter((entry) => compareAmounts(entry.remaining, '0') > 0);
}

/**
 * Plans refunds of `amount` (or of everything refundable when undefined) against the order's
 * succeeded charges, largest remainder first. `keyPrefix` makes the keys stable for one action.
 */
export function planRefunds(payments: PaymentRecord[], keyPrefix: string, amount?: string): NewPayment[] {
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

/**
 * Sends recorded refunds and stores their outcomes. A refund whose outcome stays unknown remains
 * pending; the sweeper retries it later with the same key.
 */
export async function sendRefunds(
  deps: { db: SqlExecutor; payments: SendPaymentDeps; logger: Logger },
  refunds: NewPayment[],
  mayHaveBeenSent = false,
): Promise<void> {
  const outcomes: PaymentOutcome[] = [];
  for (const refund of refunds) {
    try {
      const result = await sendPayment(deps.payments, {
        payment: pendingPayment(refund),
        paymentToken: undefined,
        description: `refund ${refund.idempotencyKey}`,
        mayHaveBeenSent,
      });
      outcomes.push({
        idempotencyKey: refund.idempotencyKey,
        status: result.status,
        gatewayReference: result.reference,
        declineReason: result.status === 'declined' ? result.reason : undefined,
      });
    } catch (error) {
      deps.logger.warn({ err: coerceError(error), key: refund.idempotencyKey }, 'refund outcome unknown; will retry');
    }
  }
  await batchSettlePayments(deps.db, outcomes);
}
