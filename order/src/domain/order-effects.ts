import { inventoryKey, type ItemState, type Order, type OrderItem, type OrderStatus, type SeatStatus } from './order';
import { hasHeldSeats } from './order-states';
import type { NewPayment, PaymentOutcome } from './payment';
import type { InventoryDelta, ReservedItem } from './seat-allocation';

/** The order row after a decision: its status plus the fields that change with it. */
export interface OrderChange {
  status: OrderStatus;
  failure?: { code: string; reason: string } | undefined;
  totalAmount?: string | undefined;
  currency?: string | undefined;
  paymentToken?: string | undefined;
  /** The order reached a state callers wait for: stamp `finalized_at` and wake waiting requests. */
  isFinal: boolean;
}

/** A new state for one existing item (and, when seats are granted, its seat status and price). */
export interface ItemChange {
  itemNo: number;
  state: ItemState;
  seatStatus?: SeatStatus | undefined;
  unitPrice?: string | undefined;
  currency?: string | undefined;
}

/** A recorded charge to send to the gateway once the decision is committed. */
export interface ChargeToSend {
  payment: NewPayment;
  paymentToken: string | undefined;
}

/**
 * What to write, in one transaction, for one decision. `seatMoves` are applied with the inventory's
 * conditional update, which also writes each changed row's `inventory.changed.v1` outbox event.
 */
export interface Effects {
  order: OrderChange;
  items: ItemChange[];
  newItems: OrderItem[];
  seatMoves: InventoryDelta[];
  /** Charges and refunds to record as pending (sent after the commit). */
  payments: NewPayment[];
  /** Gateway answers to store. */
  paymentOutcomes: PaymentOutcome[];
  /** The charge to send after the commit, if the order now waits on one. */
  charge?: ChargeToSend | undefined;
}

/** Seats granted to an order by the seat allocation: each item's seat status and price, and the total. */
export interface SeatGrant {
  items: ReservedItem[];
  total: string;
  currency: string;
}

export const noEffects = (): Omit<Effects, 'order'> => ({
  items: [],
  newItems: [],
  seatMoves: [],
  payments: [],
  paymentOutcomes: [],
});

/** Seats of the granted items taken (into `sold`, or `held` for an unpaid hold) and the items reserved. */
export function takeSeats(order: Order, grant: SeatGrant, into: 'sold' | 'held'): Omit<Effects, 'order'> {
  const byNo = new Map(order.items.map((item) => [item.itemNo, item]));
  const seatMoves: InventoryDelta[] = [];
  for (const granted of grant.items) {
    const item = byNo.get(granted.itemNo);
    if (item) {
      const seats = item.seats;
      seatMoves.push({
        flightId: item.flightId,
        cabin: item.cabin,
        sold: into === 'sold' ? seats : 0,
        held: into === 'held' ? seats : 0,
      });
    }
  }
  return {
    ...noEffects(),
    items: grant.items.map((item) => ({ ...item, state: 'reserved' })),
    seatMoves,
  };
}

/** Items that hold seats in inventory. */
export const reservedItems = (order: Pick<Order, 'items'>): OrderItem[] =>
  order.items.filter((item) => item.state === 'reserved');

/** Seats of `item` given back: from `held` for a hold not paid yet (`status`), else from `sold`. */
export function seatsBack(status: OrderStatus, item: Pick<OrderItem, 'flightId' | 'cabin' | 'seats'>): InventoryDelta {
  const isHeld = hasHeldSeats(status);
  return { flightId: item.flightId, cabin: item.cabin, sold: isHeld ? 0 : -item.seats, held: isHeld ? -item.seats : 0 };
}

/**
 * Every item of `items` not yet in a final state becomes `state` (released, or replaced by a change);
 * the reserved ones give their seats back.
 */
export function releaseItems(
  order: Pick<Order, 'status'>,
  items: readonly OrderItem[],
  state: 'released' | 'replaced' = 'released',
): Omit<Effects, 'order'> {
  const open = items.filter((item) => item.state === 'pending' || item.state === 'reserved');
  return {
    ...noEffects(),
    items: open.map((item) => ({ itemNo: item.itemNo, state })),
    seatMoves: open.filter((item) => item.state === 'reserved').map((item) => seatsBack(order.status, item)),
  };
}

/**
 * Sums seat moves per flight and cabin (one conditional update per inventory row), sorted by
 * (flight, cabin): the order in which every transaction locks inventory rows, so that two
 * transactions moving seats on the same flights cannot deadlock.
 */
export function mergeSeatMoves(moves: readonly InventoryDelta[]): InventoryDelta[] {
  const merged = new Map<string, InventoryDelta>();
  for (const move of moves) {
    const key = inventoryKey(move.flightId, move.cabin);
    const current = merged.get(key) ?? { flightId: move.flightId, cabin: move.cabin, sold: 0, held: 0 };
    current.sold += move.sold;
    current.held += move.held;
    merged.set(key, current);
  }
  return [...merged.values()].sort((a, b) => compareText(a.flightId, b.flightId) || compareText(a.cabin, b.cabin));
}

// Code-point order: the same in every process, and lockInventory's under the databases' C.UTF-8 collation.
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
