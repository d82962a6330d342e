import type { Order, OrderItem, OrderStatus, OrderType } from '../../src/domain/order';
import type { OrderCommand, OrderCommandKind } from '../../src/domain/order-lifecycle';
import type { InventorySnapshot } from '../../src/domain/seat-allocation';

export const A = 'KL641-2026-12-20-AMS-JFK';
export const B = 'KL642-2026-12-21-AMS-JFK';
export const CREATED = new Date('2026-12-01T10:00:00Z');
export const DEADLINE = new Date('2026-12-01T10:15:00Z');
export const BEFORE_DEADLINE = new Date('2026-12-01T10:05:00Z');
export const AFTER_DEADLINE = new Date('2026-12-01T10:20:00Z');

const passengers = [
  { type: 'ADT' as const, givenName: 'Jane', familyName: 'Doe' },
  { type: 'ADT' as const, givenName: 'John', familyName: 'Doe' },
];

/** Item 1: two seats on A at 100.00 each, in `state`. */
export const itemOnA = (state: OrderItem['state'], seatStatus?: 'confirmed' | 'oversold'): OrderItem => ({
  itemNo: 1,
  flightId: A,
  cabin: 'ECONOMY',
  seats: 2,
  passengers,
  state,
  seatStatus: state === 'pending' ? undefined : (seatStatus ?? 'confirmed'),
  unitPrice: state === 'pending' ? undefined : '100.00',
  currency: state === 'pending' ? undefined : 'EUR',
  replacesItemNo: undefined,
});

/** Item 2: the replacement of item 1 on B at 150.00 (a change waiting for its charge). */
export const replacementOnB: OrderItem = {
  itemNo: 2,
  flightId: B,
  cabin: 'ECONOMY',
  seats: 2,
  passengers,
  state: 'reserved',
  seatStatus: 'confirmed',
  unitPrice: '150.00',
  currency: 'EUR',
  replacesItemNo: 1,
};

/** Items as an order in `status` stores them (processing: just taken by the worker, no seats yet). */
function itemsIn(status: OrderStatus): OrderItem[] {
  switch (status) {
    case 'pending':
    case 'processing':
      return [itemOnA('pending')];
    case 'held':
    case 'paying':
    case 'confirmed':
      return [itemOnA('reserved')];
    case 'oversold':
      return [itemOnA('reserved', 'oversold')];
    case 'changing':
      return [itemOnA('reserved'), replacementOnB];
    case 'failed':
    case 'expired':
    case 'cancelled':
      return [itemOnA('released')];
  }
}

export function orderIn(status: OrderStatus, type: OrderType, items: OrderItem[] = itemsIn(status)): Order {
  const isPriced = items.some((item) => item.unitPrice !== undefined);
  return {
    orderId: 'o1',
    tenant: 'acme',
    type,
    status,
    failure: undefined,
    contact: { email: 'agent@example.com' },
    paymentToken: type === 'instant' ? 'tok_visa' : undefined,
    totalAmount: isPriced ? '200.00' : undefined,
    currency: isPriced ? 'EUR' : undefined,
    paymentRequiredBy: type === 'hold' ? DEADLINE : undefined,
    createdAt: CREATED,
    updatedAt: CREATED,
    finalizedAt: undefined,
    items,
  };
}

export const inventoryRow = (flightId: string, price: string): InventorySnapshot => ({
  flightId,
  cabin: 'ECONOMY',
  bookingLimit: 50,
  oversellLimit: 0,
  sold: 10,
  held: 0,
  price,
  currency: 'EUR',
  // Unknown: the earliest instant of the flight id's day stands in (A and B leave weeks after CREATED).
  departureUtcMs: undefined,
});

/** The sales clock of the fixtures: before the deadline, one hour cut-off. */
export const SALES_CLOCK = { nowMs: BEFORE_DEADLINE.getTime(), cutoffMs: 60 * 60_000 };

export const grant = {
  items: [{ itemNo: 1, seatStatus: 'confirmed' as const, unitPrice: '100.00', currency: 'EUR' }],
  total: '200.00',
  currency: 'EUR',
};

export const succeededCharge = {
  idempotencyKey: 'order-o1-charge',
  answer: { status: 'succeeded' as const, reference: 'ch_1' },
};

/** One representative command of each kind, as the table applies it to every state. */
export const commands: Record<OrderCommandKind, OrderCommand> = {
  submit: { kind: 'submit' },
  reserve: { kind: 'reserve' },
  hold: { kind: 'hold', grant },
  charge: { kind: 'charge', grant },
  confirm: { kind: 'confirm', payment: succeededCharge },
  fail: { kind: 'fail', code: 'NO_SEATS', reason: `${A} ECONOMY: 2 seat(s) requested, 0 left` },
  pay: { kind: 'pay', now: BEFORE_DEADLINE, paymentToken: 'tok_visa', chargesSoFar: 0, sales: 'open' },
  expire: { kind: 'expire', now: AFTER_DEADLINE },
  cancel: { kind: 'cancel', payments: [] },
  change: {
    kind: 'change',
    move: { itemNo: 1, flightId: B },
    inventory: new Map([
      [`${A}|ECONOMY`, inventoryRow(A, '100.00')],
      [`${B}|ECONOMY`, inventoryRow(B, '150.00')],
    ]),
    clock: SALES_CLOCK,
    payments: [],
  },
  'complete-change': {
    kind: 'complete-change',
    payment: { idempotencyKey: 'order-o1-change-2', answer: { status: 'succeeded', reference: 'ch_2' } },
  },
};

/** The order type the table uses: a hold for the hold-only commands and the states only holds reach. */
export const typeFor = (status: OrderStatus, command: OrderCommandKind): OrderType =>
  command === 'hold' || command === 'pay' || status === 'held' || status === 'paying' || status === 'expired'
    ? 'hold'
    : 'instant';
