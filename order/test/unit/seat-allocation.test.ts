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
    departureUtcMs: Date.parse('2026-12-01T09:00:00Z'),
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

// A month before A departs (2026-12-01T09:00Z); sales close an hour before departure.
const clock = { nowMs: Date.parse('2026-11-01T00:00:00Z'), cutoffMs: 60 * 60_000 };

describe('allocateSeats', () => {
  it('confirms within the booking limit, oversells within the oversell limit, then fails', () => {
    const inventory = new Map([row(A)]);
    const result = allocateSeats(
      ['o1', 'o2', 'o3', 'o4'].map((id) => order(id, [A])),
      inventory,
      clock,
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
    const result = allocateSeats([order('o1', [A, B])], inventory, clock);
    expect(result.outcomes[0]).toMatchObject({ kind: 'failed', code: 'NO_SEATS' });
    expect(result.deltas).toEqual([]);
  });

  it('counts two items on the same flight together and prices the order exactly', () => {
    const inventory = new Map([row(A, { bookingLimit: 10, price: '0.10' })]);
    const result = allocateSeats([order('o1', [A, A], 3)], inventory, clock);
    expect(result.outcomes[0]).toMatchObject({ kind: 'reserved', total: '0.60', currency: 'EUR' });
    expect(result.deltas).toEqual([{ flightId: A, cabin: 'ECONOMY', sold: 6, held: 0 }]);
  });

  it('puts holds in held seats, and held seats count against the limits', () => {
    const inventory = new Map([row(A, { held: 2 })]);
    const result = allocateSeats([order('o1', [A], 1, 'hold'), order('o2', [A], 1, 'hold')], inventory, clock);
    expect(result.outcomes.map((o) => o.kind)).toEqual(['reserved', 'failed']);
    expect(result.deltas).toEqual([{ flightId: A, cabin: 'ECONOMY', sold: 0, held: 1 }]);
  });

  it('fails orders for unknown or unpriced flights and mixed currencies, naming the item', () => {
    const inventory = new Map([row(A), row(B, { price: undefined, currency: undefined })]);
    const usd = new Map([row(A), row(B, { currency: 'USD' })]);
    expect(allocateSeats([order('o1', ['XX1-2026-01-01-AAA-BBB'])], inventory, clock).outcomes[0]).toMatchObject({
      code: 'UNKNOWN_FLIGHT',
    });
    expect(allocateSeats([order('o1', [A, B])], inventory, clock).outcomes[0]).toMatchObject({
      code: 'NOT_FOR_SALE',
      reason: expect.stringContaining('item 2'),
    });
    expect(allocateSeats([order('o1', [A, B])], usd, clock).outcomes[0]).toMatchObject({ code: 'MIXED_CURRENCIES' });
  });

  it('refuses a departed flight and one inside the sales cut-off, and moves no seat', () => {
    const inventory = new Map([row(A), row(B, { departureUtcMs: Date.parse('2026-12-02T09:00:00Z') })]);
    const justBefore = { ...clock, nowMs: Date.parse('2026-12-01T08:30:00Z') };
    const after = { ...clock, nowMs: Date.parse('2026-12-01T09:02:00Z') };
    const closed = allocateSeats([order('o1', [B, A])], inventory, justBefore);
    expect(closed.outcomes[0]).toMatchObject({
      kind: 'failed',
      code: 'SALES_CLOSED',
      reason: expect.stringContaining('item 2'),
    });
    expect(allocateSeats([order('o1', [A])], inventory, after).outcomes[0]).toMatchObject({ code: 'DEPARTED' });
    expect(closed.deltas).toEqual([]);
  });

  it('closes sales early, never late, for a flight whose departure is not known yet', () => {
    // Day 2026-12-01 starts at 2026-11-30T10:00Z in UTC+14: an hour before that, sales are closed.
    const inventory = new Map([row(A, { departureUtcMs: undefined })]);
    const at = (iso: string) => allocateSeats([order('o1', [A])], inventory, { ...clock, nowMs: Date.parse(iso) });
    expect(at('2026-11-30T08:59:59Z').outcomes[0]).toMatchObject({ kind: 'reserved' });
    expect(at('2026-11-30T09:00:00Z').outcomes[0]).toMatchObject({ code: 'SALES_CLOSED' });
  });

  it("charges an offer's price whatever the fare is now, and a limit's only while the fare stays within it", () => {
    const inventory = new Map([row(A, { price: '180.00' })]);
    const withTerms = (priceTerms: ReservationRequest['items'][number]['priceTerms']): ReservationRequest => ({
      orderId: 'o1',
      type: 'instant',
      items: [{ itemNo: 1, flightId: A, cabin: 'ECONOMY', seats: 2, priceTerms }],
    });
    const offered = allocateSeats(
      [withTerms({ kind: 'offer', unitPrice: '150.25', currency: 'EUR' })],
      inventory,
      clock,
    );
    expect(offered.outcomes[0]).toMatchObject({ kind: 'reserved', total: '300.50', items: [{ unitPrice: '150.25' }] });
    const within = allocateSeats(
      [withTerms({ kind: 'limit', unitPrice: '180.00', currency: 'EUR' })],
      inventory,
      clock,
    );
    expect(within.outcomes[0]).toMatchObject({ kind: 'reserved', total: '360.00' });
    const above = allocateSeats([withTerms({ kind: 'limit', unitPrice: '179.99', currency: 'EUR' })], inventory, clock);
    expect(above.outcomes[0]).toMatchObject({
      kind: 'failed',
      code: 'PRICE_CHANGED',
      reason: expect.stringMatching(/180\.00 EUR.*179\.99 EUR/),
    });
    expect(above.deltas).toEqual([]);
  });
});
