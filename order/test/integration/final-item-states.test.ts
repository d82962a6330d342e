import { setTimeout as sleep } from 'node:timers/promises';

import { cancelOrder } from '../../src/use-cases/cancel-order';
import { changeOrder } from '../../src/use-cases/change-order';
import { payHold } from '../../src/use-cases/pay-hold';
import { sweepOnce } from '../../src/use-cases/sweep-orders';
import { createOrderHarness, holdOrder, instantOrder, type OrderHarness, seatsOf } from '../support/order-harness';

// Real services on two shared cores can need longer than the root 60 s limit.
jest.setTimeout(120_000);

const OPEN = 'KL641-2026-12-20-AMS-JFK';
const OTHER = 'KL642-2026-12-21-AMS-JFK';
const FULL = 'KL643-2026-12-22-AMS-JFK';
const HOLD_TTL_MS = 300;

/** The order's status and its items' states, as stored. */
async function storedStates(h: OrderHarness, orderId: string) {
  const order = await h.db.pool.query<{ status: string }>('SELECT status FROM orders WHERE order_id = $1', [orderId]);
  const items = await h.db.pool.query<{ state: string }>(
    'SELECT state FROM order_items WHERE order_id = $1 ORDER BY item_no',
    [orderId],
  );
  return { status: order.rows[0]?.status, items: items.rows.map((row) => row.state) };
}

describe('items of a finished order are never left pending (real PostgreSQL)', () => {
  let h: OrderHarness;

  beforeAll(async () => {
    h = await createOrderHarness({ holdTtlMs: HOLD_TTL_MS });
    await h.seedFlight(OPEN, 20, '200.00');
    await h.seedFlight(OTHER, 20, '200.00');
    await h.seedFlight(FULL, 0, '200.00');
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.faults.length = 0;
  });

  it('failed for lack of seats: every item released, including the ones that had seats', async () => {
    const before = await seatsOf(h, OPEN);
    const orderId = await h.submit('acme', 'final-no-seats', instantOrder(OPEN, FULL));
    await h.processor.process([orderId]);
    expect(await storedStates(h, orderId)).toEqual({ status: 'failed', items: ['released', 'released'] });
    expect(await seatsOf(h, OPEN)).toEqual(before);
  });

  it('failed on a declined charge: reserved items released, seats back', async () => {
    const before = await seatsOf(h, OPEN);
    h.faults.push('decline');
    const orderId = await h.submit('acme', 'final-declined', instantOrder(OPEN, OTHER));
    await h.processor.process([orderId]);
    expect(await storedStates(h, orderId)).toEqual({ status: 'failed', items: ['released', 'released'] });
    expect(await seatsOf(h, OPEN)).toEqual(before);
  });

  it('cancelled: every item released', async () => {
    const orderId = await h.submit('acme', 'final-cancelled', instantOrder(OPEN, OTHER));
    await h.processor.process([orderId]);
    await cancelOrder(h.commands, 'acme', orderId);
    expect(await storedStates(h, orderId)).toEqual({ status: 'cancelled', items: ['released', 'released'] });
  });

  it('changed, then cancelled: the moved item stays replaced, the others are released', async () => {
    const orderId = await h.submit('acme', 'final-changed', instantOrder(OPEN));
    await h.processor.process([orderId]);
    await changeOrder(h.commands, 'acme', orderId, { itemNo: 1, flightId: OTHER });
    expect(await storedStates(h, orderId)).toEqual({ status: 'confirmed', items: ['replaced', 'reserved'] });
    await cancelOrder(h.commands, 'acme', orderId);
    expect(await storedStates(h, orderId)).toEqual({ status: 'cancelled', items: ['replaced', 'released'] });
  });

  it('expired by the sweeper, or when paid too late: every item released, held seats back', async () => {
    const swept = await h.submit('acme', 'final-expired-swept', holdOrder(OPEN));
    const paidLate = await h.submit('acme', 'final-expired-paid', holdOrder(OTHER));
    await h.processor.process([swept, paidLate]);
    await sleep(HOLD_TTL_MS + 50);
    await expect(payHold(h.commands, 'acme', paidLate, 'tok_visa')).rejects.toMatchObject({ code: 'HOLD_EXPIRED' });
    await sweepOnce({ ...h.commands, processor: h.processor, staleMs: 60_000, batchSize: 100 });
    expect(await storedStates(h, swept)).toEqual({ status: 'expired', items: ['released'] });
    expect(await storedStates(h, paidLate)).toEqual({ status: 'expired', items: ['released'] });
    expect((await seatsOf(h, OPEN)).held).toBe(0);
    expect((await seatsOf(h, OTHER)).held).toBe(0);
  });
});
