import type { RegionOfFlight, SqlExecutor } from '@fareflow/shared';

import { lockInventory } from '../adapters/inventory.repository';
import { lockOrders } from '../adapters/order-locks.repository';
import { inventoryKey, type Order } from '../domain/order';
import type { ChargeToSend } from '../domain/order-effects';
import { claimableStatuses, commandForAllocation, decide } from '../domain/order-lifecycle';
import { allocateSeats, type SalesClock } from '../domain/seat-allocation';
import { type AppliedDecision, writeDecisions } from './write-decisions';

export { chargeKeyOf } from '../domain/order-lifecycle';

export interface ReservationResult {
  /** Orders this call claimed (they were pending). */
  claimed: Order[];
  /** Charges to send now, for claimed instant orders whose seats are reserved. */
  charges: { order: Order; charge: ChargeToSend }[];
  /** Decisions written (for the settled ones, metrics and waiting callers). */
  applied: AppliedDecision[];
  seatConflicts: number;
}

/**
 * Executes the seat part of pending orders, inside the caller's transaction: locks them (`reserve`),
 * locks their inventory rows in one sorted statement, allocates seats all-or-nothing per order, and
 * writes each order's decision (`hold`, `charge` or `fail`): seats, items, charges to send, outbox
 * events. Orders that are not pending (already executed, or executing elsewhere) are left alone.
 */
export async function reserveOrders(
  tx: SqlExecutor,
  orderIds: string[],
  context: { regionOfFlight: RegionOfFlight; settledChannel: string; clock: SalesClock },
): Promise<ReservationResult> {
  const locked = await lockOrders(tx, orderIds, claimableStatuses);
  const claimed = locked.flatMap((order) => {
    const decision = decide(order, { kind: 'reserve' });
    return decision.kind === 'apply' ? [{ ...order, status: decision.next }] : [];
  });
  if (claimed.length === 0) {
    return { claimed, charges: [], applied: [], seatConflicts: 0 };
  }
  // Keep message order among the claimed ones: first come, first served.
  const position = new Map(orderIds.map((id, index) => [id, index]));
  claimed.sort((a, b) => (position.get(a.orderId) ?? 0) - (position.get(b.orderId) ?? 0));
  const keys = new Map<string, { flightId: string; cabin: string }>();
  for (const item of claimed.flatMap((order) => order.items)) {
    keys.set(inventoryKey(item.flightId, item.cabin), { flightId: item.flightId, cabin: item.cabin });
  }
  const inventory = await lockInventory(tx, [...keys.values()]);
  const allocation = allocateSeats(
    claimed.map((order) => ({ orderId: order.orderId, type: order.type, items: order.items })),
    inventory,
    context.clock,
  );
  const byId = new Map(claimed.map((order) => [order.orderId, order]));
  const applied: AppliedDecision[] = [];
  const charges: ReservationResult['charges'] = [];
  for (const outcome of allocation.outcomes) {
    const order = byId.get(outcome.orderId);
    if (!order) {
      continue;
    }
    const decision = decide(order, commandForAllocation(order, outcome));
    if (decision.kind !== 'apply') {
      // A claimed order always accepts its allocation; anything else is a bug, not a state to write.
      throw new Error(`order ${order.orderId}: allocation refused by the lifecycle (${JSON.stringify(decision)})`);
    }
    applied.push({ orderId: order.orderId, decision });
    if (decision.effects.charge) {
      charges.push({ order, charge: decision.effects.charge });
    }
  }
  await writeDecisions(tx, applied, context);
  return { claimed, charges, applied, seatConflicts: allocation.seatConflicts };
}
