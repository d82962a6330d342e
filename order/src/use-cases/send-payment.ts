import { type Backoff, sleep } from '@fareflow/shared';

import type { PaymentRecord } from '../domain/payment';
import { type PaymentGateway, type PaymentResult, PaymentTimeoutError } from '../ports/payment-gateway';

export interface SendPaymentDeps {
  gateway: PaymentGateway;
  /** How often to ask the gateway about a timed-out payment before giving up for now. */
  statusChecks: number;
  statusBackoff: Backoff;
  onTimeout?: () => void;
}

export interface PaymentToSend {
  payment: PaymentRecord;
  paymentToken: string | undefined;
  description: string;
  /** Set when an earlier attempt may have reached the gateway (redelivery, crash recovery). */
  mayHaveBeenSent: boolean;
}

/**
 * Sends one recorded payment and returns the gateway's outcome. One payment is one idempotency
 * key: after a timeout (or when an earlier attempt may have been sent) the gateway is *asked* what
 * it recorded for the key. Only if it never received the request is it sent again, with the same
 * key, which the gateway honours at most once. Throws PaymentTimeoutError if the outcome stays unknown.
 */
export async function sendPayment(deps: SendPaymentDeps, input: PaymentToSend): Promise<PaymentResult> {
  const { payment } = input;
  if (input.mayHaveBeenSent) {
    const known = await deps.gateway.findByKey(payment.idempotencyKey);
    if (known) {
      return known;
    }
  }
  try {
    return await callGateway(deps, input);
  } catch (error) {
    if (!(error instanceof PaymentTimeoutError)) {
      throw error;
    }
    deps.onTimeout?.();
    for (let check = 1; check <= deps.statusChecks; check += 1) {
      const known = await deps.gateway.findByKey(payment.idempotencyKey);
      if (known) {
        return known;
      }
      await sleep(deps.statusBackoff(check));
    }
    // The gateway never saw the request: sending it again (same key) cannot charge twice.
    return callGateway(deps, input);
  }
}

function callGateway(deps: SendPaymentDeps, input: PaymentToSend): Promise<PaymentResult> {
  const { payment } = input;
  if (payment.kind === 'refund') {
    return deps.gateway.refund({
      idempotencyKey: payment.idempotencyKey,
      chargeReference: payment.chargeReference ?? '',
      amount: payment.amount,
      currency: payment.currency,
    });
  }
  return deps.gateway.charge({
    idempotencyKey: payment.idempotencyKey,
    amount: payment.amount,
    currency: payment.currency,
    paymentToken: input.paymentToken ?? '',
    description: input.description,
  });
}
