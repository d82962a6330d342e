import type { RegionOfFlight, SqlExecutor } from '@fareflow/shared';

import { applyInventoryDeltas } from '../adapters/inventory.repository';
import { notifySettled } from '../adapters/order-settled-notify';
import { batchInsertItems, batchUpdateItems, batchUpdateOrders } from '../adapters/order-updates.repository';
import { batchInsertPayments, batchSettlePayments } from '../adapters/payment.repository';
import type { OrderStatus } from '../domain/order';
import { mergeSeatMoves } from '../domain/order-effects';
import { refusalError } from '../domain/order-errors';
import type { Decision } from '../domain/order-lifecycle';
import type { OrderMetrics } from '../metrics';

/** An applied decision, and the order it applies to. */
export interface AppliedDecision {
  orderId: string;
  decision: Extract<Decision, { kind: 'apply' }>;
}

export interface WriteContext {
  regionOfFlight: RegionOfFlight;
  /** PostgreSQL NOTIFY channel on which API instances wait for orders to settle. */
  settledChannel: string;
}

/**
 * Writes the effects of several decisions in the caller's transaction, one batched statement per
 * table: seat moves (with their inventory events) first, so a seat that is no longer there rolls
 * the whole transaction back before anything else is written; then items, orders and payments;
 * finally the settle notification, delivered by PostgreSQL at commit.
 */
export async function writeDecisions(
  tx: SqlExecutor,
  applied: AppliedDecision[],
  context: WriteContext,
): Promise<void> {
  if (applied.length === 0) {
    return;
  }
  const all = applied.map(({ orderId, decision }) => ({ orderId, effects: decision.effects }));
  await applyInventoryDeltas(
    tx,
    mergeSeatMoves(all.flatMap(({ effects }) => effects.seatMoves)),
    context.regionOfFlight,
  );
  await batchInsertItems(
    tx,
    all.flatMap(({ orderId, effects }) => effects.newItems.map((item) => ({ ...item, orderId }))),
  );
  await batchUpdateItems(
    tx,
    all.flatMap(({ orderId, effects }) => effects.items.map((item) => ({ ...item, orderId }))),
  );
  await batchUpdateOrders(
    tx,
    all.map(({ orderId, effects }) => ({ ...effects.order, orderId })),
  );
  await batchInsertPayments(
    tx,
    all.flatMap(({ effects }) => effects.payments),
  );
  await batchSettlePayments(
    tx,
    all.flatMap(({ effects }) => effects.paymentOutcomes),
  );
  await notifySettled(
    tx,
    context.settledChannel,
    settledOf(applied).map((entry) => entry.orderId),
  );
}

/** The orders a batch of decisions settles (states a waiting caller is answered with). */
export const settledOf = (applied: AppliedDecision[]): { orderId: string; status: OrderStatus }[] =>
  applied
    .filter(({ decision }) => decision.effects.order.isFinal)
    .map(({ orderId, decision }) => ({ orderId, status: decision.next }));

/** Counts settled orders by status. */
export function countSettled(metrics: OrderMetrics, applied: AppliedDecision[]): void {
  settledOf(applied).forEach((entry) => metrics.ordersByStatus.inc({ status: entry.status }));
}

/**
 * The applied decision, or throws the refusal as the error the API answers with. `unchanged`
 * (the command was applied before) is returned as undefined.
 */
export function appliedOrThrow(orderId: string, decision: Decision): AppliedDecision | undefined {
  switch (decision.kind) {
    case 'refuse':
      throw refusalError(decision.refusal);
    case 'unchanged':
      return undefined;
    case 'apply':
      return { orderId, decision };
  }
}
