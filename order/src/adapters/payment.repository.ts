import { normalizeAmount, type SqlExecutor } from '@fareflow/shared';

import type { NewPayment, PaymentKind, PaymentOutcome, PaymentRecord, PaymentStatus } from '../domain/payment';

export type { NewPayment, PaymentOutcome, PaymentRecord } from '../domain/payment';

interface PaymentRow {
  idempotency_key: string;
  order_id: string;
  kind: PaymentKind;
  amount: string;
  currency: string;
  status: PaymentStatus;
  gateway_reference: string | null;
  decline_reason: string | null;
  charge_key: string | null;
  charge_reference: string | null;
}

const COLUMNS = `idempotency_key, order_id, kind, amount, currency, status, gateway_reference, decline_reason,
  charge_key, charge_reference`;

function rowToPayment(row: PaymentRow): PaymentRecord {
  return {
    idempotencyKey: row.idempotency_key,
    orderId: row.order_id,
    kind: row.kind,
    amount: normalizeAmount(row.amount),
    currency: row.currency,
    status: row.status,
    gatewayReference: row.gateway_reference ?? undefined,
    declineReason: row.decline_reason ?? undefined,
    chargeKey: row.charge_key ?? undefined,
    chargeReference: row.charge_reference ?? undefined,
  };
}

/** Records payments about to be sent; a key recorded before keeps its row (and its outcome). */
export async function batchInsertPayments(db: SqlExecutor, payments: NewPayment[]): Promise<void> {
  if (payments.length === 0) {
    return;
  }
  const rows = payments.map((payment) => ({
    idempotency_key: payment.idempotencyKey,
    order_id: payment.orderId,
    kind: payment.kind,
    amount: payment.amount,
    currency: payment.currency,
    charge_key: payment.chargeKey ?? null,
    charge_reference: payment.chargeReference ?? null,
  }));
  await db.query(
    `INSERT INTO payments (idempotency_key, order_id, kind, amount, currency, status, charge_key, charge_reference)
     SELECT v.idempotency_key, v.order_id, v.kind, v.amount::numeric, v.currency, 'pending', v.charge_key,
            v.charge_reference
       FROM jsonb_to_recordset($1::jsonb) AS v(idempotency_key text, order_id uuid, kind text, amount text,
            currency text, charge_key text, charge_reference text)
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [JSON.stringify(rows)],
  );
}

export async function findPayments(db: SqlExecutor, orderIds: string[]): Promise<PaymentRecord[]> {
  const { rows } = await db.query<PaymentRow>(
    `SELECT ${COLUMNS} FROM payments WHERE order_id = ANY($1::uuid[]) ORDER BY created_at`,
    [orderIds],
  );
  return rows.map(rowToPayment);
}

export async function batchSettlePayments(db: SqlExecutor, outcomes: PaymentOutcome[]): Promise<void> {
  if (outcomes.length === 0) {
    return;
  }
  const rows = outcomes.map((outcome) => ({
    idempotency_key: outcome.idempotencyKey,
    status: outcome.status,
    gateway_reference: outcome.gatewayReference,
    decline_reason: outcome.declineReason ?? null,
  }));
  await db.query(
    `UPDATE payments p
        SET status = v.status, gateway_reference = COALESCE(v.gateway_reference, p.gateway_reference),
            decline_reason = v.decline_reason, updated_at = clock_timestamp()
       FROM jsonb_to_recordset($1::jsonb) AS v(idempotency_key text, status text, gateway_reference text,
            decline_reason text)
      WHERE p.idempotency_key = v.idempotency_key`,
    [JSON.stringify(rows)],
  );
}

/** Refunds still pending after `olderThanMs` (their first attempt failed): the sweeper retries them. */
export async function findStalePendingRefunds(db: SqlExecutor, olderThanMs: number, limit: number) {
  const { rows } = await db.query<PaymentRow>(
    `SELECT ${COLUMNS} FROM payments
      WHERE status = 'pending' AND kind = 'refund' AND created_at < now() - make_interval(secs => $1::float8 / 1000)
      ORDER BY created_at LIMIT $2`,
    [olderThanMs, limit],
  );
  return rows.map(rowToPayment);
}
