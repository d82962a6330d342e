import type { PaymentRecord } from '../../src/adapters/payment.repository';
import { type PaymentGateway, type PaymentResult, PaymentTimeoutError } from '../../src/ports/payment-gateway';
import { sendPayment } from '../../src/use-cases/send-payment';

/** A gateway with a ledger per key and scripted timeouts, like a real provider's idempotency. */
function fakeGateway(script: ('ok' | 'lost-response' | 'lost-request')[]) {
  const ledger = new Map<string, PaymentResult>();
  const calls: string[] = [];
  const gateway: PaymentGateway = {
    async charge(request) {
      calls.push(`charge:${request.idempotencyKey}`);
      const step = script.shift() ?? 'ok';
      if (step === 'lost-request') {
        throw new PaymentTimeoutError(request.idempotencyKey);
      }
      if (!ledger.has(request.idempotencyKey)) {
        ledger.set(request.idempotencyKey, { status: 'succeeded', reference: `ch_${ledger.size + 1}` });
      }
      if (step === 'lost-response') {
        throw new PaymentTimeoutError(request.idempotencyKey);
      }
      return ledger.get(request.idempotencyKey) as PaymentResult;
    },
    refund: async () => ({ status: 'succeeded', reference: 're_1' }),
    async findByKey(key) {
      calls.push(`find:${key}`);
      return ledger.get(key);
    },
  };
  return { gateway, ledger, calls };
}

const payment: PaymentRecord = {
  idempotencyKey: 'order-1-charge',
  orderId: '1',
  kind: 'charge',
  amount: '10.00',
  currency: 'EUR',
  status: 'pending',
  gatewayReference: undefined,
  declineReason: undefined,
  chargeKey: undefined,
  chargeReference: undefined,
};
const input = { payment, paymentToken: 'tok', description: 'test', mayHaveBeenSent: false };
const deps = (gateway: PaymentGateway) => ({ gateway, statusChecks: 2, statusBackoff: () => 0 });

describe('sendPayment', () => {
  it('asks the gateway after a timeout and does not charge again when the charge exists', async () => {
    const { gateway, ledger, calls } = fakeGateway(['lost-response']);
    await expect(sendPayment(deps(gateway), input)).resolves.toEqual({ status: 'succeeded', reference: 'ch_1' });
    expect(ledger.size).toBe(1);
    expect(calls).toEqual(['charge:order-1-charge', 'find:order-1-charge']);
  });

  it('re-sends with the same key only when the gateway never received the request', async () => {
    const { gateway, ledger, calls } = fakeGateway(['lost-request', 'ok']);
    await expect(sendPayment(deps(gateway), input)).resolves.toMatchObject({ status: 'succeeded' });
    expect(ledger.size).toBe(1);
    expect(calls).toEqual([
      'charge:order-1-charge',
      'find:order-1-charge',
      'find:order-1-charge',
      'charge:order-1-charge',
    ]);
  });

  it('looks the key up first when an earlier attempt may have been sent', async () => {
    const { gateway, ledger, calls } = fakeGateway([]);
    ledger.set('order-1-charge', { status: 'declined', reference: 'ch_9', reason: 'insufficient funds' });
    await expect(sendPayment(deps(gateway), { ...input, mayHaveBeenSent: true })).resolves.toMatchObject({
      status: 'declined',
    });
    expect(calls).toEqual(['find:order-1-charge']);
  });

  it('throws a retryable timeout when the outcome stays unknown', async () => {
    const { gateway } = fakeGateway(['lost-request', 'lost-request']);
    await expect(sendPayment(deps(gateway), input)).rejects.toBeInstanceOf(PaymentTimeoutError);
  });
});
