import { normalizeAmount, sleep, type SqlExecutor } from '@fareflow/shared';
import DataLoader from 'dataloader';

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

interface LedgerEntry {
  idempotencyKey: string;
  kind: 'charge' | 'refund';
  amount: string;
  currency: string;
  status: 'succeeded' | 'declined';
  declineReason: string | null;
  chargeReference: string | null;
}

interface LedgerRow {
  idempotency_key: string;
  reference: string;
  status: 'succeeded' | 'declined';
  decline_reason: string | null;
}

function toResult(row: LedgerRow): PaymentResult {
  switch (row.status) {
    case 'succeeded':
      return { status: 'succeeded', reference: row.reference };
    case 'declined':
      return { status: 'declined', reference: row.reference, reason: row.decline_reason ?? 'declined' };
  }
}

/**
 * A payment provider for local use and tests, with configurable decline and timeout rates.
 * Like a real provider, it records at most one payment per idempotency key and answers a repeated
 * key with the first outcome.
 */
export function createSimulatedPaymentGateway(options: SimulatedGatewayOptions): PaymentGateway {
  const random = options.random ?? Math.random;
  // Concurrent calls (a worker charges a whole batch at once) share one INSERT, as a provider's
  // own ledger would group writes; each call still gets its own key's first outcome.
  const ledger = new DataLoader<LedgerEntry, LedgerRow>((entries) => recordLedgerEntries(options.db, entries), {
    cache: false,
    maxBatchSize: 500,
  });
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
    const row = await ledger.load({
      idempotencyKey: key,
      kind,
      amount: normalizeAmount(amount),
      currency,
      status: isDeclined ? 'declined' : 'succeeded',
      declineReason: isDeclined ? 'card declined (simulated)' : null,
      chargeReference: chargeReference ?? null,
    });
    if (fault === 'timeout-after-recording') {
      await sleep(options.timeoutMs);
      throw new PaymentTimeoutError(key);
    }
    return toResult(row);
  }

  async function findByKey(idempotencyKey: string): Promise<PaymentResult | undefined> {
    const { rows } = await options.db.query<LedgerRow>(
      'SELECT idempotency_key, reference, status, decline_reason FROM simulated_gateway_ledger WHERE idempotency_key = $1',
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

/**
 * Records entries in one statement: a key seen before (or twice in this batch) keeps its first
 * outcome, and every entry gets the row stored for its key.
 */
async function recordLedgerEntries(db: SqlExecutor, entries: readonly LedgerEntry[]): Promise<(LedgerRow | Error)[]> {
  const firstPerKey = new Map<string, LedgerEntry>();
  entries.forEach((entry) => firstPerKey.has(entry.idempotencyKey) || firstPerKey.set(entry.idempotencyKey, entry));
  const unique = [...firstPerKey.values()];
  const column = <K extends keyof LedgerEntry>(name: K) => unique.map((entry) => entry[name]);
  const { rows } = await db.query<LedgerRow>(
    `INSERT INTO simulated_gateway_ledger
       (idempotency_key, kind, reference, amount, currency, status, decline_reason, charge_reference)
     SELECT key, kind, 'sim_' || kind || '_' || gen_random_uuid(), amount, currency, status, decline_reason,
            charge_reference
       FROM unnest($1::text[], $2::text[], $3::numeric[], $4::text[], $5::text[], $6::text[], $7::text[])
            AS x(key, kind, amount, currency, status, decline_reason, charge_reference)
     ON CONFLICT (idempotency_key) DO UPDATE SET idempotency_key = EXCLUDED.idempotency_key
     RETURNING idempotency_key, reference, status, decline_reason`,
    [
      column('idempotencyKey'),
      column('kind'),
      column('amount'),
      column('currency'),
      column('status'),
      column('declineReason'),
      column('chargeReference'),
    ],
  );
  const byKey = new Map(rows.map((row) => [row.idempotency_key, row]));
  return entries.map(
    (entry) =>
      byKey.get(entry.idempotencyKey) ?? new Error(`simulated ledger returned no row for ${entry.idempotencyKey}`),
  );
}
