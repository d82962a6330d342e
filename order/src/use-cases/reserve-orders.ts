import { compareAmounts, type RegionOfFlight, type SqlExecutor } from '@fareflow/shared';

import { applyInventoryDeltas, lockInventory } from '../adapters/inventory.repository';
import {
  batchUpdateItems,
  batchUpdateOrders,
  claimPendingOrders,
  type ItemUpdate,
  type OrderUpdate,
} from '../adapters/order.repository';
import { batchInsertPayments, type NewPayment, type PaymentRecord } from '../adapters/payment.repository';
import type { Order } from '../domain/order';
import { allocateSeats, type ReservationOutcome } from '../domain/seat-allocation';

export const chargeKeyOf = (orderId: string): string => `order-${orderId}-charge`;

export interface ReservationResult {
  /** Orders this call claimed (they were pending). */
  claimed: Order[];
  /** Payments to send now, for claimed instant orders whose seats are reserved. */
  charges: { order: Order; payment: PaymentRecord }[];
  /** Orders that reached a state callers wait for (held, failed, free of charge). */
  settled: { orderId: string; status: string }[];
  seatConflicts: number;
}

/**
 * Executes the seat part of pending orders, inside the caller's transaction: claims them, locks
 * their inventory rows in one sorted statement, allocates seats all-or-nothing per order, applies
 * the deltas with a conditional update (plus outbox events), and records the charges to send.
 * Orders that are not pending (already executed, or executing elsewhere) are left alone.
 */
export async function reserveOrders(
  tx: SqlExecutor,
  orderIds: string[],
  regionOfFlight: RegionOfFlight,
): Promise<ReservationResult> {
  const claimed = await claimPendingOrders(tx, orderIds);
  if (claimed.length === 0) {
    return { claimed, charges: [], settled: [], seatConflicts: 0 };
  }
  // Keep message order among the claimed ones: first come, first served.
  const position = new Map(orderIds.map((id, index) => [id, index]));
  claimed.sort((a, b) => (position.get(a.orderId) ?? 0) - (position.get(b.orderId) ?? 0));
  const keys = new Map<string, { flightId: string; cabin: string }>();
  for (const item of claimed.flatMap((order) => order.items)) {
    keys.set(`${item.flightId}|${item.cabin}`, { flightId: item.flightId, cabin: item.cabin });
  }
  const inventory = await lockInventory(tx, [...keys.values()]);
  const allocation = allocateSeats(
    claimed.map((order) => ({ orderId: order.orderId, type: order.type, items: order.items })),
    inventory,
  );
  await applyInventoryDeltas(tx, allocation.deltas, regionOfFlight);
  const byId = new Map(claimed.map((order) => [order.orderId, order]));
  const plan = planUpdates(allocation.outcomes, byId);
  await batchUpdateOrders(tx, plan.orders);
  await batchUpdateItems(tx, plan.items);
  await batchInsertPayments(tx, plan.payments);
  const charges = plan.payments.map((payment) => ({
    order: byId.get(payment.orderId) as Order,
    payment: { ...payment, status: 'pending' as const, gatewayReference: undefined, declineReason: undefined },
  }));
  return { claimed, charges, settled: plan.settled, seatConflicts: allocation.seatConflicts };
}

interface UpdatePlan {
  orders: OrderUpdate[];
  items: ItemUpdate[];
  payments: (NewPayment & { chargeKey: undefined; chargeReference: undefined })[];
  settled: { orderId: string; status: string }[];
}

function planUpdates(outcomes: ReservationOutcome[], byId: Map<string, Order>): UpdatePlan {
  const plan: UpdatePlan = { orders: [], items: [], payments: [], settled: [] };
  for (const outcome of outcomes) {
    if (outcome.kind === 'failed') {
      plan.orders.push({
        orderId: outcome.orderId,
        status: 'failed',
        failureCode: outcome.code,
        failureReason: outcome.reason,
        isFinal: true,
      });
      plan.settled.push({ orderId: outcome.orderId, status: 'failed' });
      continue;
    }
    plan.items.push(
      ...outcome.items.map((item) => ({ orderId: outcome.orderId, state: 'reserved' as const, ...item })),
    );
    const isOversold = outcome.items.some((item) => item.seatStatus === 'oversold');
    const isFree = compareAmounts(outcome.total, '0') <= 0;
    const status = outcome.type === 'hold' ? 'held' : isFree ? (isOversold ? 'oversold' : 'confirmed') : 'processing';
    const isFinal = status !== 'processing';
    plan.orders.push({
      orderId: outcome.orderId,
      status,
      totalAmount: outcome.total,
      currency: outcome.currency,
      isFinal,
    });
    if (isFinal) {
      plan.settled.push({ orderId: outcome.orderId, status });
    } else if (byId.has(outcome.orderId)) {
      plan.payments.push({
        idempotencyKey: chargeKeyOf(outcome.orderId),
        orderId: outcome.orderId,
        kind: 'charge',
        amount: outcome.total,
        currency: outcome.currency,
        chargeKey: undefined,
        chargeReference: undefined,
      });
    }
  }
  return plan;
}
