import { type RegionOfFlight, RetryableError, type SqlExecutor } from '@fareflow/shared';

import { applyInventoryDeltas, InventoryConflictError } from '../adapters/inventory.repository';
import { notifySettled } from '../adapters/order-settled-notify';
import { batchInsertItems, batchUpdateItems, batchUpdateOrders } from '../adapters/order-updates.repository';
import { batchInsertPayments, batchSettlePayments } from '../adapters/payment.repository';
import { batchInsertOrderEvents } from '../adapters/webhook-events.repository';
import type { OrderStatus } from '../domain/order';
import { mergeSeatMoves } from '../domain/order-effects';
import { refusalError } from '../domain/order-errors';
import type { Decision } from '../domain/order-lifecycle';
import type { InventoryDelta } from '../domain/seat-allocation';
import { orderEventsOf } from '../domain/webhook-events';
import type { OrderMetrics } from '../metrics';

/**
 * Seats could not be moved: a row would have gone below zero or past its limits, so nothing was
 * written (the transaction rolls back). Decisions are made on locked rows, so this means the
 * inventory changed under the order in a way the decision could not see (an operator's change of a
 * row, a repair by hand) or a bug: answered 409 `INVENTORY_CONFLICT` with the rows involved, never
 * a bare 500; retryable for consumers (the message is redelivered, then dead-lettered).
 */
export class SeatMoveConflictError extends RetryableError<'INVENTORY_CONFLICT'> {
  constructor(
    readonly moves: readonly InventoryDelta[],
    cause: unknown,
  ) {
    const rows = moves
      .map((move) => `${move.flightId} ${move.cabin} (sold ${signed(move.sold)}, held ${signed(move.held)})`)
      .join(', ');
    super(
      'INVENTORY_CONFLICT',
      `the seat counts of ${rows} cannot move that way without leaving their limits; nothing was changed, try again later`,
      { cause },
    );
  }
}

/** The HTTP status of `SeatMoveConflictError`, next to the order API's own codes. */
export const seatMoveErrorStatus: Readonly<Record<'INVENTORY_CONFLICT', number>> = { INVENTORY_CONFLICT: 409 };

const signed = (value: number): string => (value >= 0 ? `+${value}` : `${value}`);

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
 * the whole transaction back before anything else is written; then items, orders and payments; then
 * the webhook events the decisions emit (the outbox the delivery worker reads: an event exists if and
 * only if its change committed); finally the settle notification, delivered by PostgreSQL at commit.
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
  const seatMoves = mergeSeatMoves(all.flatMap(({ effects }) => effects.seatMoves));
  try {
    await applyInventoryDeltas(tx, seatMoves, context.regionOfFlight);
  } catch (error) {
    throw error instanceof InventoryConflictError ? new SeatMoveConflictError(seatMoves, error) : error;
  }
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
  await batchInsertOrderEvents(
    tx,
    applied.flatMap(({ orderId, decision }) => orderEventsOf(orderId, decision)),
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
