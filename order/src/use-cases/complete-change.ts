import { addAmounts, multiplyAmount, type RegionOfFlight, type SqlExecutor, subtractAmounts } from '@fareflow/shared';

import { applyInventoryDeltas } from '../adapters/inventory.repository';
import { batchUpdateItems, batchUpdateOrders, lockOrders } from '../adapters/order.repository';
import { batchSettlePayments } from '../adapters/payment.repository';
import { type Order, type OrderItem, statusOfReservedItems } from '../domain/order';
import type { PaymentResult } from '../ports/payment-gateway';
import { mergeDeltas, releaseSeats } from './order-commands';

/** The item being moved (`old`) and the one replacing it (`next`), both still holding seats. */
export function findChangePair(order: Order): { old: OrderItem; next: OrderItem } | undefined {
  for (const next of order.items) {
    const old = order.items.find((item) => item.itemNo === next.replacesItemNo);
    if (next.state === 'reserved' && old?.state === 'reserved') {
      return { old, next };
    }
  }
  return undefined;
}

/**
 * Second half of a change: with the fare difference paid (or nothing to pay), the old seats are
 * released; if the payment was declined, the new seats are released and the order stays as it was.
 * `locked` is passed when the caller already holds the order's lock in this transaction.
 */
export async function completeChange(
  tx: SqlExecutor,
  orderId: string,
  paymentKey: string | undefined,
  result: PaymentResult,
  regionOfFlight: RegionOfFlight,
  locked?: Order,
): Promise<void> {
  const order = locked ?? (await lockOrders(tx, [orderId], ['changing']))[0];
  const pair = order ? findChangePair(order) : undefined;
  if (!order || !pair) {
    return;
  }
  const isAccepted = result.status === 'succeeded';
  const leaving = isAccepted ? pair.old : pair.next;
  const settledStatus = order.status === 'changing' ? statusOfReservedItems(order.items) : order.status;
  const release = releaseSeats({ orderId, status: settledStatus }, [leaving], isAccepted ? 'replaced' : 'released');
  await applyInventoryDeltas(tx, mergeDeltas(release.deltas), regionOfFlight);
  await batchUpdateItems(tx, release.itemUpdates);
  const remaining = order.items.map((item) =>
    item.itemNo === leaving.itemNo ? { ...item, state: 'released' as const } : item,
  );
  const total = isAccepted
    ? addAmounts(
        subtractAmounts(order.totalAmount ?? '0', multiplyAmount(pair.old.unitPrice ?? '0', pair.old.seats)),
        multiplyAmount(pair.next.unitPrice ?? '0', pair.next.seats),
      )
    : order.totalAmount;
  const status = settledStatus === 'held' ? 'held' : statusOfReservedItems(remaining);
  await batchUpdateOrders(tx, [{ orderId, status, totalAmount: total, isFinal: true }]);
  if (paymentKey) {
    await batchSettlePayments(tx, [
      {
        idempotencyKey: paymentKey,
        status: result.status,
        gatewayReference: result.reference,
        declineReason: result.status === 'declined' ? result.reason : undefined,
      },
    ]);
  }
}
