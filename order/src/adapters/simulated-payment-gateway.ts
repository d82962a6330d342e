import { randomUUID } from 'node:crypto';

import { normalizeAmount, sleep, type SqlExecutor } from '@fareflow/shared';

import {
  type ChargeRequest,
  type PaymentGateway,
  type PaymentResult,
  PaymentTimeoutError,
  type RefundRequest,
} from '../ports/payment-gateway';

/**
 * What the simulated provider does with one request: answer normally, decline, or time out
 * (the response is lost, and the charge either happened before that or never arrived).
 */
export type SimulatedFault = 'none' | 'decline' | 'timeout-after-recording' | 'timeout-before-recording';

export interface SimulatedGatewayOptions {
  /** The provider's own ledger lives in PostgreSQL so that it outlives a killed worker. */
  db: SqlExecutor;
  declineRate: number;
  timeoutRate: number;
  latencyMs: number;
  /** How long a call hangs before it times out. */
  timeoutMs: number;
  random?: () => number;
  /** Overrides the random faults (tests script exact sequences). */
  decideFault?: (kind: 'charge' | 'refund', idempotencyKey: string) => SimulatedFault;
}

interface LedgerRow {
  reference: string;
  status: 'succeeded' | 'declined';
  decline_reason: string | null;
}

const toResult = (row: LedgerRow): PaymentResult =>
  row.status === 'succeeded'
    ? { status: 'succeeded', reference: row.reference }
    : { status: 'declined', reference: row.reference, reason: row.decline_reason ?? 'declined' };

/**
 * A payment provider for local use and tests, with configurable decline and timeout rates.
 * Like a real provider, it records at most one payment per idempotency key and answers a repeated
 * key with the first outcome.
 */
export function createSimulatedPaymentGateway(options: SimulatedGatewayOptions): PaymentGateway {
  const random = options.random ?? Math.random;
  const decideFault =
    options.decideFault ??
    ((kind: 'charge' | 'refund'): SimulatedFault => {
      const roll = random();
      if (roll < options.timeoutRate) {
        return random() < 0.5 ? 'timeout-after-recording' : 'timeout-before-recording';
      }
      return kind === 'charge' && roll < options.timeoutRate + options.declineRate ? 'decline' : 'none';
    });

  async function record(
    kind: 'charge' | 'refund',
    key: string,
    amount: string,
    currency: string,
    chargeReference?: string,
  ): Promise<PaymentResult> {
    const fault = decideFault(kind, key);
    if (options.latencyMs > 0) {
      await sleep(options.latencyMs);
    }
    if (fault === 'timeout-before-recording') {
      await sleep(options.timeoutMs);
      throw new PaymentTimeoutError(key);
    }
    const isDeclined = fault === 'decline';
    // One statement: records the payment, or (same key again) returns what was recorded first.
    const { rows } = await options.db.query<LedgerRow>(
      `INSERT INTO simulated_gateway_ledger
         (idempotency_key, kind, reference, amount, currency, status, decline_reason, charge_reference)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (idempotency_key) DO UPDATE SET idempotency_key = EXCLUDED.idempotency_key
       RETURNING reference, status, decline_reason`,
      [
        key,
        kind,
        `sim_${kind}_${randomUUID()}`,
        normalizeAmount(amount),
        currency,
        isDeclined ? 'declined' : 'succeeded',
        isDeclined ? 'card declined (simulated)' : null,
        chargeReference ?? null,
      ],
    );
    if (fault === 'timeout-after-recording') {
      await sleep(options.timeoutMs);
      throw new PaymentTimeoutError(key);
    }
    const [row] = rows;
    if (!row) {
      throw new Error(`simulated ledger returned no row for ${key}`);
    }
    return toResult(row);
  }

  async function findByKey(idempotencyKey: string): Promise<PaymentResult | undefined> {
    const { rows } = await options.db.query<LedgerRow>(
      'SELECT reference, status, decline_reason FROM simulated_gateway_ledger WHERE idempotency_key = $1',
      [idempotencyKey],
    );
    const [row] = rows;
    return row ? toResult(row) : undefined;
  }

  return {
    charge: (request: ChargeRequest) => record('charge', request.idempotencyKey, request.amount, request.currency),
    refund: (request: RefundRequest) =>
      record('refund', request.idempotencyKey, request.amount, request.currency, request.chargeReference),
    findByKey,
  };
}
