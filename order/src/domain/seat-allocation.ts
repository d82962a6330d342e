import {
  addAmounts,
  compareAmounts,
  earliestDepartureOfFlightId,
  multiplyAmount,
  salesStateAt,
} from '@fareflow/shared';

import { type FailureCode, inventoryKey, type OrderType, type PriceTerms, type SeatStatus } from './order';

/** One flight and cabin as locked in the current transaction. */
export interface InventorySnapshot {
  flightId: string;
  cabin: string;
  bookingLimit: number;
  oversellLimit: number;
  sold: number;
  held: number;
  price: string | undefined;
  currency: string | undefined;
  /** When the flight leaves (ms epoch), as the fares last said; undefined before the first fare. */
  departureUtcMs: number | undefined;
}

export interface ReservationRequest {
  orderId: string;
  type: OrderType;
  items: { itemNo: number; flightId: string; cabin: string; seats: number; priceTerms?: PriceTerms | undefined }[];
}

/** The clock and the sales cut-off the allocation judges departures by. */
export interface SalesClock {
  nowMs: number;
  cutoffMs: number;
}

export interface ReservedItem {
  itemNo: number;
  seatStatus: SeatStatus;
  unitPrice: string;
  currency: string;
}

export type ReservationOutcome =
  | { orderId: string; kind: 'reserved'; type: OrderType; items: ReservedItem[]; total: string; currency: string }
  | { orderId: string; kind: 'failed'; code: FailureCode; reason: string };

/** Seats to add to (or, negative, take from) one inventory row. */
export interface InventoryDelta {
  flightId: string;
  cabin: string;
  sold: number;
  held: number;
}

export interface BatchAllocation {
  outcomes: ReservationOutcome[];
  deltas: InventoryDelta[];
  /** Orders refused because a flight had no seat left within the limits. */
  seatConflicts: number;
}

const committed = (row: InventorySnapshot): number => row.sold + row.held;

/**
 * Decides, in arrival order, which orders of a batch get their seats. Each order is all-or-nothing:
 * if any item cannot be served, none of its items takes a seat. `inventory` must be the rows the
 * caller locked; the returned deltas are what to apply to them (with a conditional update as the
 * last guard). Pure: the snapshots passed in are not modified.
 */
export function allocateSeats(
  requests: readonly ReservationRequest[],
  inventory: ReadonlyMap<string, InventorySnapshot>,
  clock: SalesClock,
): BatchAllocation {
  const working = new Map([...inventory].map(([key, row]) => [key, { ...row }]));
  const outcomes: ReservationOutcome[] = [];
  let seatConflicts = 0;
  for (const request of requests) {
    const outcome = reserveOne(request, working, clock);
    if (outcome.kind === 'failed' && outcome.code === 'NO_SEATS') {
      seatConflicts += 1;
    }
    outcomes.push(outcome);
  }
  const deltas: InventoryDelta[] = [];
  for (const [key, after] of working) {
    const before = inventory.get(key);
    if (before && (after.sold !== before.sold || after.held !== before.held)) {
      deltas.push({
        flightId: after.flightId,
        cabin: after.cabin,
        sold: after.sold - before.sold,
        held: after.held - before.held,
      });
    }
  }
  return { outcomes, deltas, seatConflicts };
}

/**
 * Whether `row`'s flight can still be sold at `clock.nowMs`. Before the fares said when it leaves,
 * the earliest instant of its local day (from the flight id) stands in: sales close early, never late.
 */
export function salesStateOf(row: Pick<InventorySnapshot, 'flightId' | 'departureUtcMs'>, clock: SalesClock) {
  const departureMs = row.departureUtcMs ?? earliestDepartureOfFlightId(row.flightId);
  return departureMs === undefined ? 'departed' : salesStateAt(departureMs, clock.nowMs, clock.cutoffMs);
}

/** The unit price and currency an item is charged: the offer's, else the current fare (within a limit). */
export function priceOf(
  item: { itemNo: number; flightId: string; priceTerms?: PriceTerms | undefined },
  row: { price: string; currency: string },
): { unitPrice: string; currency: string } | { code: FailureCode; reason: string } {
  const terms = item.priceTerms;
  if (terms?.kind === 'offer') {
    return { unitPrice: terms.unitPrice, currency: terms.currency };
  }
  if (terms?.kind === 'limit' && (terms.currency !== row.currency || compareAmounts(row.price, terms.unitPrice) > 0)) {
    return {
      code: 'PRICE_CHANGED',
      reason: `item ${item.itemNo}: ${item.flightId} costs ${row.price} ${row.currency} a seat now, above the maxUnitPrice of ${terms.unitPrice} ${terms.currency}`,
    };
  }
  return { unitPrice: row.price, currency: row.currency };
}

function reserveOne(
  request: ReservationRequest,
  working: Map<string, InventorySnapshot>,
  clock: SalesClock,
): ReservationOutcome {
  const fail = (code: FailureCode, reason: string): ReservationOutcome => ({
    orderId: request.orderId,
    kind: 'failed',
    code,
    reason,
  });
  const wanted = new Map<string, number>();
  const unitPrices = new Map<number, string>();
  let currency: string | undefined;
  for (const item of request.items) {
    const row = working.get(inventoryKey(item.flightId, item.cabin));
    if (!row) {
      return fail('UNKNOWN_FLIGHT', `item ${item.itemNo}: no inventory for ${item.flightId} ${item.cabin}`);
    }
    if (row.price === undefined || row.currency === undefined) {
      return fail('NOT_FOR_SALE', `item ${item.itemNo}: ${item.flightId} ${item.cabin} has no price yet`);
    }
    const sales = salesStateOf(row, clock);
    if (sales !== 'open') {
      return sales === 'departed'
        ? fail('DEPARTED', `item ${item.itemNo}: ${item.flightId} has departed`)
        : fail('SALES_CLOSED', `item ${item.itemNo}: sales of ${item.flightId} have closed before departure`);
    }
    const price = priceOf(item, { price: row.price, currency: row.currency });
    if ('code' in price) {
      return fail(price.code, price.reason);
    }
    if (currency !== undefined && price.currency !== currency) {
      return fail('MIXED_CURRENCIES', `item ${item.itemNo}: priced in ${price.currency}, other items in ${currency}`);
    }
    currency = price.currency;
    unitPrices.set(item.itemNo, price.unitPrice);
    const key = inventoryKey(item.flightId, item.cabin);
    wanted.set(key, (wanted.get(key) ?? 0) + item.seats);
  }
  for (const [key, seats] of wanted) {
    const row = working.get(key);
    if (row && committed(row) + seats > row.bookingLimit + row.oversellLimit) {
      const left = Math.max(row.bookingLimit + row.oversellLimit - committed(row), 0);
      return fail('NO_SEATS', `${row.flightId} ${row.cabin}: ${seats} seat(s) requested, ${left} left`);
    }
  }
  return commit(request, working, wanted, { unitPrices, currency: currency ?? '' });
}

/** Takes the seats `wanted` in `working`; `priced` holds each item's unit price (by item number) and the order's currency. */
function commit(
  request: ReservationRequest,
  working: Map<string, InventorySnapshot>,
  wanted: Map<string, number>,
  priced: { unitPrices: ReadonlyMap<number, string>; currency: string },
): ReservationOutcome {
  const seatStatusByKey = new Map<string, SeatStatus>();
  for (const [key, seats] of wanted) {
    const row = working.get(key);
    if (!row) {
      continue;
    }
    seatStatusByKey.set(key, committed(row) + seats <= row.bookingLimit ? 'confirmed' : 'oversold');
    if (request.type === 'hold') {
      row.held += seats;
    } else {
      row.sold += seats;
    }
  }
  const { currency } = priced;
  const items: ReservedItem[] = [];
  const amounts: string[] = [];
  for (const item of request.items) {
    const key = inventoryKey(item.flightId, item.cabin);
    const unitPrice = priced.unitPrices.get(item.itemNo) ?? '0';
    items.push({ itemNo: item.itemNo, seatStatus: seatStatusByKey.get(key) ?? 'confirmed', unitPrice, currency });
    amounts.push(multiplyAmount(unitPrice, item.seats));
  }
  return {
    orderId: request.orderId,
    kind: 'reserved',
    type: request.type,
    items,
    total: addAmounts(...amounts),
    currency,
  };
}
