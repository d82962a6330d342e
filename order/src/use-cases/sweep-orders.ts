import { coerceError, withTransaction } from '@fareflow/shared';

import { lockExpiredHolds } from '../adapters/order-locks.repository';
import { findOrdersByIds, findStaleOrders } from '../adapters/order-reads.repository';
import { findPayments, findStalePendingRefunds } from '../adapters/payment.repository';
import { decide, inFlightStatuses, isResumedByPayment } from '../domain/order-lifecycle';
import { pendingCharges } from '../domain/payment';
import { finalizeCharges } from './finalize-charges';
import type { OrderCommandDeps } from './order-commands';
import type { OrderProcessor } from './process-orders';
import { sendRefunds } from './refunds';
import { sendPayment } from './send-payment';
import { type AppliedDecision, writeDecisions } from './write-decisions';

export interface SweepDeps extends OrderCommandDeps {
  processor: OrderProcessor;
  /** An in-flight order untouched for this long is assumed abandoned by a crashed process. */
  staleMs: number;
  batchSize: number;
}

export interface SweepReport {
  expired: number;
  resumed: number;
  refundsRetried: number;
}

/**
 * One pass of the scheduled sweeper: expires lapsed holds (seats back), resumes orders a crash left
 * in flight (pending, processing, paying, changing: their payment is looked up by key first) and
 * retries refunds whose outcome was unknown. Safe to run in several processes at once.
 */
export async function sweepOnce(deps: SweepDeps): Promise<SweepReport> {
  const expired = await expireHolds(deps);
  if (expired > 0) {
    deps.metrics.holdExpiries.inc(expired);
    deps.metrics.ordersByStatus.inc({ status: 'expired' }, expired);
    deps.logger.info({ expired }, 'expired unpaid holds');
  }
  const stale = await findStaleOrders(deps.pool, inFlightStatuses, deps.staleMs, deps.batchSize);
  const toProcess = stale.filter((entry) => !isResumedByPayment(entry.status));
  if (toProcess.length > 0) {
    await deps.processor.process(toProcess.map((entry) => entry.orderId)).catch((error: unknown) => {
      deps.logger.warn({ err: coerceError(error) }, 'resuming stale orders failed; next sweep retries');
    });
  }
  for (const entry of stale.filter((candidate) => isResumedByPayment(candidate.status))) {
    await resumePayment(deps, entry.orderId).catch((error: unknown) => {
      deps.logger.warn({ err: coerceError(error), orderId: entry.orderId }, 'resuming a payment failed');
    });
  }
  const refunds = await findStalePendingRefunds(deps.pool, deps.staleMs, deps.batchSize);
  await sendRefunds({ db: deps.pool, payments: deps.payments, logger: deps.logger }, refunds, true);
  return { expired, resumed: stale.length, refundsRetried: refunds.length };
}

/** Load the lapsed holds (locked), decide `expire` for each, write: one transaction. */
async function expireHolds(deps: SweepDeps): Promise<number> {
  const now = deps.now?.() ?? new Date();
  return withTransaction(deps.pool, async (tx) => {
    const orders = await lockExpiredHolds(tx, deps.batchSize);
    const applied = orders.flatMap((order): AppliedDecision[] => {
      const decision = decide(order, { kind: 'expire', now });
      return decision.kind === 'apply' ? [{ orderId: order.orderId, decision }] : [];
    });
    await writeDecisions(tx, applied, deps);
    return applied.length;
  });
}

async function resumePayment(deps: SweepDeps, orderId: string): Promise<void> {
  const [[order], payments] = await Promise.all([
    findOrdersByIds(deps.pool, [orderId]),
    findPayments(deps.pool, [orderId]),
  ]);
  const payment = pendingCharges(payments).at(-1);
  if (!order || !payment) {
    return;
  }
  const result = await sendPayment(deps.payments, {
    payment,
    paymentToken: order.paymentToken,
    description: `Fareflow order ${orderId}`,
    mayHaveBeenSent: true,
  });
  await withTransaction(deps.pool, (tx) =>
    finalizeCharges(tx, [{ orderId, idempotencyKey: payment.idempotencyKey, result }], deps),
  );
}
