import { coerceError, withTransaction } from '@fareflow/shared';

import { findOrdersByIds, findStaleOrders, lockExpiredHolds } from '../adapters/order.repository';
import { findPayments, findStalePendingRefunds } from '../adapters/payment.repository';
import { completeChange } from './complete-change';
import { finalizeCharges } from './finalize-charges';
import type { OrderCommandDeps } from './order-commands';
import { expireHeldOrders } from './pay-hold';
import type { OrderProcessor } from './process-orders';
import { sendRefunds } from './refunds';
import { sendPayment } from './send-payment';

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
  const expired = await withTransaction(deps.pool, async (tx) => {
    const orders = await lockExpiredHolds(tx, deps.batchSize);
    await expireHeldOrders(tx, orders, deps.settledChannel, deps.regionOfFlight);
    return orders.length;
  });
  if (expired > 0) {
    deps.metrics.holdExpiries.inc(expired);
    deps.metrics.ordersByStatus.inc({ status: 'expired' }, expired);
    deps.logger.info({ expired }, 'expired unpaid holds');
  }
  const stale = await findStaleOrders(
    deps.pool,
    ['pending', 'processing', 'paying', 'changing'],
    deps.staleMs,
    deps.batchSize,
  );
  const toProcess = stale.filter((entry) => entry.status === 'pending' || entry.status === 'processing');
  if (toProcess.length > 0) {
    await deps.processor.process(toProcess.map((entry) => entry.orderId)).catch((error: unknown) => {
      deps.logger.warn({ err: coerceError(error) }, 'resuming stale orders failed; next sweep retries');
    });
  }
  const paying = stale.filter((entry) => entry.status === 'paying' || entry.status === 'changing');
  for (const entry of paying) {
    await resumePayment(deps, entry.orderId).catch((error: unknown) => {
      deps.logger.warn({ err: coerceError(error), orderId: entry.orderId }, 'resuming a payment failed');
    });
  }
  const refunds = await findStalePendingRefunds(deps.pool, deps.staleMs, deps.batchSize);
  await sendRefunds({ db: deps.pool, payments: deps.payments, logger: deps.logger }, refunds, true);
  return { expired, resumed: stale.length, refundsRetried: refunds.length };
}

async function resumePayment(deps: SweepDeps, orderId: string): Promise<void> {
  const [[order], payments] = await Promise.all([
    findOrdersByIds(deps.pool, [orderId]),
    findPayments(deps.pool, [orderId]),
  ]);
  const payment = payments.filter((p) => p.kind === 'charge' && p.status === 'pending').at(-1);
  if (!order || !payment) {
    return;
  }
  const result = await sendPayment(deps.payments, {
    payment,
    paymentToken: order.paymentToken,
    description: `Fareflow order ${orderId}`,
    mayHaveBeenSent: true,
  });
  await withTransaction(deps.pool, async (tx) => {
    if (order.status === 'changing') {
      await completeChange(tx, orderId, payment.idempotencyKey, result, deps.regionOfFlight);
    } else {
      await finalizeCharges(tx, [{ orderId, idempotencyKey: payment.idempotencyKey, result }], deps.regionOfFlight);
    }
  });
}
