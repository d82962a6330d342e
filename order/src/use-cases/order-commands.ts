import type { Logger, RegionOfFlight } from '@fareflow/shared';
import type { Pool } from 'pg';

import type { ItemUpdate } from '../adapters/order.repository';
import type { Order, OrderItem } from '../domain/order';
import type { InventoryDelta } from '../domain/seat-allocation';
import type { OrderMetrics } from '../metrics';
import type { SendPaymentDeps } from './send-payment';

/** What the synchronous order commands (cancel, change, pay, sweeper) need. */
export interface OrderCommandDeps {
  pool: Pool;
  payments: SendPaymentDeps;
  metrics: OrderMetrics;
  logger: Logger;
  settledChannel: string;
  /** Region of a flight, for the routing key of its inventory events (`inventory.changed.v1.<region>`). */
  regionOfFlight: RegionOfFlight;
}

/** Seats of `items` given back: from `held` for a hold that is not paid yet, else from `sold`. */
export function releaseSeats(
  order: Pick<Order, 'orderId' | 'status'>,
  items: OrderItem[],
  state: 'released' | 'replaced' = 'released',
): { deltas: InventoryDelta[]; itemUpdates: ItemUpdate[] } {
  const isHeld = order.status === 'held' || order.status === 'paying';
  return {
    deltas: items.map((item) => ({
      flightId: item.flightId,
      cabin: item.cabin,
      sold: isHeld ? 0 : -item.seats,
      held: isHeld ? -item.seats : 0,
    })),
    itemUpdates: items.map((item) => ({ orderId: order.orderId, itemNo: item.itemNo, state })),
  };
}

/** Sums deltas per flight and cabin (one conditional update per row). */
export function mergeDeltas(deltas: InventoryDelta[]): InventoryDelta[] {
  const merged = new Map<string, InventoryDelta>();
  for (const delta of deltas) {
    const key = `${delta.flightId}|${delta.cabin}`;
    const current = merged.get(key) ?? { flightId: delta.flightId, cabin: delta.cabin, sold: 0, held: 0 };
    current.sold += delta.sold;
    current.held += delta.held;
    merged.set(key, current);
  }
  return [...merged.values()];
}

export const reservedItems = (order: Order): OrderItem[] => order.items.filter((item) => item.state === 'reserved');
