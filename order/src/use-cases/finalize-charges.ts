import type { RegionOfFlight, SqlExecutor } from '@fareflow/shared';

import { applyInventoryDeltas } from '../adapters/inventory.repository';
import {
  batchUpdateItems,
  batchUpdateOrders,
  type ItemUpdate,
  lockOrders,
  type OrderUpdate,
} from '../adapters/order.repository';
import { batchSettlePayments, type PaymentOutcome } from '../adapters/payment.repository';
import { type Order, type OrderStatus, statusOfReservedItems } from '../domain/order';
import type { InventoryDelta } from '../domain/seat-allocation';
import type { PaymentResult } from '../ports/payment-gateway';

export interface ChargeOutcome {
  orderId: string;
  idempotencyKey: string;
  result: PaymentResult;
}

export interface FinalizeResult {
  settled: { orderId: string; status: OrderStatus }[];
  declined: number;
}

/**
 * Records the gateway's answers for orders waiting on a charge, in the caller's transaction:
 * an instant order (processing) becomes confirmed/oversold, or failed with its seats released;
 * a hold being paid (paying) turns its held seats into sold ones, or goes back to held.
 * Orders no longer waiting (a duplicate got there first) are skipped: this is idempotent.
 */
export async function finalizeCharges(
  tx: SqlExecutor,
  outcomes: ChargeOutcome[],
  regionOfFlight: RegionOfFlight,
): Promise<FinalizeResult> {
  if (outcomes.length === 0) {
    return { settled: [], declined: 0 };
  }
  const byOrder = new Map(outcomes.map((outcome) => [outcome.orderId, outcome]));
  const orders = await lockOrders(tx, [...byOrder.keys()], ['processing', 'paying']);
  const orderUpdates: OrderUpdate[] = [];
  const itemUpdates: ItemUpdate[] = [];
  const deltas = new Map<string, InventoryDelta>();
  const payments: PaymentOutcome[] = [];
  let declined = 0;
  for (const order of orders) {
    const outcome = byOrder.get(order.orderId);
    if (!outcome) {
      continue;
    }
    const { result } = outcome;
    payments.push({
      idempotencyKey: outcome.idempotencyKey,
      status: result.status,
      gatewayReference: result.reference,
      declineReason: result.status === 'declined' ? result.reason : undefined,
    });
    if (result.status === 'declined') {
      declined += 1;
    }
    const update = decide(order, result, itemUpdates, deltas);
    orderUpdates.push(update);
  }
  await applyInventoryDeltas(tx, [...deltas.values()], regionOfFlight);
  await batchUpdateItems(tx, itemUpdates);
  await batchUpdateOrders(tx, orderUpdates);
  await batchSettlePayments(tx, payments);
  return { settled: orderUpdates.map((update) => ({ orderId: update.orderId, status: update.status })), declined };
}

function decide(
  order: Order,
  result: PaymentResult,
  itemUpdates: ItemUpdate[],
  deltas: Map<string, InventoryDelta>,
): OrderUpdate {
  const reserved = order.items.filter((item) => item.state === 'reserved');
  const addDelta = (flightId: string, cabin: string, sold: number, held: number) => {
    const key = `${flightId}|${cabin}`;
    const delta = deltas.get(key) ?? { flightId, cabin, sold: 0, held: 0 };
    delta.sold += sold;
    delta.held += held;
    deltas.set(key, delta);
  };
  if (result.status === 'succeeded') {
    if (order.status === 'paying') {
      reserved.forEach((item) => addDelta(item.flightId, item.cabin, item.seats, -item.seats));
    }
    return { orderId: order.orderId, status: statusOfReservedItems(reserved), isFinal: true };
  }
  if (order.status === 'paying') {
    return { orderId: order.orderId, status: 'held', isFinal: true };
  }
  for (const item of reserved) {
    addDelta(item.flightId, item.cabin, -item.seats, 0);
    itemUpdates.push({ orderId: order.orderId, itemNo: item.itemNo, state: 'released' });
  }
  return {
    orderId: order.orderId,
    status: 'failed',
    failureCode: 'PAYMENT_DECLINED',
    failureReason: `payment declined: ${result.reason}`,
    isFinal: true,
  };
}
