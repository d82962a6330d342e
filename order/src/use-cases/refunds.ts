import { coerceError, type Logger, type SqlExecutor } from '@fareflow/shared';

import { batchSettlePayments } from '../adapters/payment.repository';
import { type NewPayment, outcomeOf, type PaymentOutcome, pendingPayment } from '../domain/payment';
import { sendPayment, type SendPaymentDeps } from './send-payment';

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
      outcomes.push(outcomeOf(refund.idempotencyKey, result));
    } catch (error) {
      deps.logger.warn({ err: coerceError(error), key: refund.idempotencyKey }, 'refund outcome unknown; will retry');
    }
  }
  await batchSettlePayments(deps.db, outcomes);
}
