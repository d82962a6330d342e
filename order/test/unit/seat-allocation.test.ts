import { allocateSeats, type InventorySnapshot, type ReservationRequest } from '../../src/domain/seat-allocation';

const A = 'LH400-2026-12-01-FRA-JFK';
const B = 'UA901-2026-12-02-JFK-SFO';

const row = (flightId: string, over: Partial<InventorySnapshot> = {}): [string, InventorySnapshot] => [
  `${flightId}|ECONOMY`,
  {
    flightId,
    cabin: 'ECONOMY',
    bookingLimit: 2,
    oversellLimit: 1,
    sold: 0,
    held: 0,
    price: '100.00',
    currency: 'EUR',
    ...over,
  },
];
const order = (
  orderId: string,
  flights: string[],
  seats = 1,
  type: 'instant' | 'hold' = 'instant',
): ReservationRequest => ({
  orderId,
  type,
  items: flights.map((flightId, index) => ({ itemNo: index + 1, flightId, cabin: 'ECONOMY', seats })),
});

describe('allocateSeats', () => {
  it('confirms within the booking limit, oversells within the oversell limit, then fails', () => {
    const inventory = new Map([row(A)]);
    const result = allocateSeats(
      ['o1', 'o2', 'o3', 'o4'].map((id) => order(id, [A])),
      inventory,
    );
    expect(result.outcomes.map((o) => (o.kind === 'reserved' ? o.items[0]?.seatStatus : o.code))).toEqual([
      'confirmed',
      'confirmed',
      'oversold',
      'NO_SEATS',
    ]);
    expect(result.deltas).toEqual([{ flightId: A, cabin: 'ECONOMY', sold: 3, held: 0 }]);
    expect(result.seatConflicts).toBe(1);
    expect(inventory.get(`${A}|ECONOMY`)?.sold).toBe(0);
  });

  it('is all-or-nothing per order: a leg without seats takes no seat on the other legs', () => {
    const inventory = new Map([row(A), row(B, { sold: 3 })]);
    const result = allocateSeats([order('o1', [A, B])], inventory);
    expect(result.outcomes[0]).toMatchObject({ kind: 'failed', code: 'NO_SEATS' });
    expect(result.deltas).toEqual([]);
  });

  it('counts two items on the same flight together and prices the order exactly', () => {
    const inventory = new Map([row(A, { bookingLimit: 10, price: '0.10' })]);
    const result = allocateSeats([order('o1', [A, A], 3)], inventory);
    expect(result.outcomes[0]).toMatchObject({ kind: 'reserved', total: '0.60', currency: 'EUR' });
    expect(result.deltas).toEqual([{ flightId: A, cabin: 'ECONOMY', sold: 6, held: 0 }]);
  });

  it('puts holds in held seats, and held seats count against the limits', () => {
    const inventory = new Map([row(A, { held: 2 })]);
    const result = allocateSeats([order('o1', [A], 1, 'hold'), order('o2', [A], 1, 'hold')], inventory);
    expect(result.outcomes.map((o) => o.kind)).toEqual(['reserved', 'failed']);
    expect(result.deltas).toEqual([{ flightId: A, cabin: 'ECONOMY', sold: 0, held: 1 }]);
  });

  it('fails orders for unknown or unpriced flights and mixed currencies, naming the item', () => {
    const inventory = new Map([row(A), row(B, { price: undefined, currency: undefined })]);
    const usd = new Map([row(A), row(B, { currency: 'USD' })]);
    expect(allocateSeats([order('o1', ['XX1-2026-01-01-AAA-BBB'])], inventory).outcomes[0]).toMatchObject({
      code: 'UNKNOWN_FLIGHT',
    });
    expect(allocateSeats([order('o1', [A, B])], inventory).outcomes[0]).toMatchObject({
      code: 'NOT_FOR_SALE',
      reason: expect.stringContaining('item 2'),
    });
    expect(allocateSeats([order('o1', [A, B])], usd).outcomes[0]).toMatchObject({ code: 'MIXED_CURRENCIES' });
  });
});
