import { cancelOrder } from '../../src/use-cases/cancel-order';
import { changeOrder } from '../../src/use-cases/change-order';
import {
  createOrderHarness,
  instantOrder,
  ledgerOf,
  type OrderHarness,
  seatsOf,
  statusOf,
} from '../support/order-harness';

// Real services on two shared cores can need longer than the root 60 s limit.
jest.setTimeout(120_000);

const OUT = 'BA117-2026-12-10-LHR-JFK';
const LATER = 'BA117-2026-12-11-LHR-JFK';
const CHEAPER = 'BA117-2026-12-12-LHR-JFK';
const FULL = 'BA117-2026-12-13-LHR-JFK';

async function confirmedOrder(h: OrderHarness, key: string, ...flights: string[]): Promise<string> {
  const orderId = await h.submit('acme', key, instantOrder(...flights));
  await h.processor.process([orderId]);
  expect(await statusOf(h, orderId)).toBe('confirmed');
  return orderId;
}

describe('cancel and change (real PostgreSQL)', () => {
  let h: OrderHarness;

  beforeAll(async () => {
    h = await createOrderHarness();
    await h.seedFlight(OUT, 10, '500.00');
    await h.seedFlight(LATER, 10, '650.00');
    await h.seedFlight(CHEAPER, 10, '420.50');
    await h.seedFlight(FULL, 0, '100.00');
  });
  afterAll(() => h.close());

  it('cancels: seats return and the charge is refunded in full, once', async () => {
    const orderId = await confirmedOrder(h, 'cancel-1', OUT, LATER);
    expect(await seatsOf(h, OUT)).toEqual({ sold: 1, held: 0 });
    const order = await cancelOrder(h.commands, 'acme', orderId);
    expect(order.status).toBe('cancelled');
    expect(order.items.map((item) => item.state)).toEqual(['released', 'released']);
    expect(await seatsOf(h, OUT)).toEqual({ sold: 0, held: 0 });
    expect(await seatsOf(h, LATER)).toEqual({ sold: 0, held: 0 });
    await cancelOrder(h.commands, 'acme', orderId);
    const ledger = await ledgerOf(h, orderId);
    expect(ledger.map((row) => [row.kind, row.amount, row.status])).toEqual([
      ['charge', '1150.000000', 'succeeded'],
      ['refund', '1150.000000', 'succeeded'],
    ]);
  });

  it('changes to a dearer flight: new seat taken, old seat released, the difference charged', async () => {
    const orderId = await confirmedOrder(h, 'change-up', OUT);
    const order = await changeOrder(h.commands, 'acme', orderId, { itemNo: 1, flightId: LATER });
    expect(order.status).toBe('confirmed');
    expect(order.totalAmount).toBe('650.00');
    expect(order.items.map((item) => [item.itemNo, item.flightId, item.state])).toEqual([
      [1, OUT, 'replaced'],
      [2, LATER, 'reserved'],
    ]);
    expect(await seatsOf(h, OUT)).toEqual({ sold: 0, held: 0 });
    expect(await seatsOf(h, LATER)).toEqual({ sold: 1, held: 0 });
    const ledger = await ledgerOf(h, orderId);
    expect(ledger.map((row) => [row.kind, row.amount])).toEqual([
      ['charge', '500.000000'],
      ['charge', '150.000000'],
    ]);
    // Cancelling afterwards refunds everything paid: 500 + 150.
    await cancelOrder(h.commands, 'acme', orderId);
    const refunds = (await ledgerOf(h, orderId)).filter((row) => row.kind === 'refund');
    expect(refunds.map((row) => row.amount).sort()).toEqual(['150.000000', '500.000000']);
    expect(await seatsOf(h, LATER)).toEqual({ sold: 0, held: 0 });
  });

  it('changes to a cheaper flight and refunds the difference', async () => {
    const orderId = await confirmedOrder(h, 'change-down', OUT);
    const order = await changeOrder(h.commands, 'acme', orderId, { itemNo: 1, flightId: CHEAPER });
    expect(order.totalAmount).toBe('420.50');
    expect(await seatsOf(h, CHEAPER)).toEqual({ sold: 1, held: 0 });
    expect(await seatsOf(h, OUT)).toEqual({ sold: 0, held: 0 });
    const ledger = await ledgerOf(h, orderId);
    expect(ledger.map((row) => [row.kind, row.amount, row.status])).toEqual([
      ['charge', '500.000000', 'succeeded'],
      ['refund', '79.500000', 'succeeded'],
    ]);
  });

  it('keeps the old seat when the new flight is full or the difference is declined', async () => {
    const orderId = await confirmedOrder(h, 'change-refused', OUT);
    const laterBefore = await seatsOf(h, LATER);
    await expect(changeOrder(h.commands, 'acme', orderId, { itemNo: 1, flightId: FULL })).rejects.toMatchObject({
      code: 'NO_SEATS',
    });
    h.faults.push('decline');
    await expect(changeOrder(h.commands, 'acme', orderId, { itemNo: 1, flightId: LATER })).rejects.toMatchObject({
      code: 'PAYMENT_DECLINED',
    });
    expect(await statusOf(h, orderId)).toBe('confirmed');
    expect(await seatsOf(h, OUT)).toEqual({ sold: 1, held: 0 });
    expect(await seatsOf(h, LATER)).toEqual(laterBefore);
    expect(await seatsOf(h, FULL)).toEqual({ sold: 0, held: 0 });
    const { rows } = await h.db.pool.query(
      `SELECT item_no, state FROM order_items WHERE order_id = $1 ORDER BY item_no`,
      [orderId],
    );
    expect(rows).toEqual([
      { item_no: 1, state: 'reserved' },
      { item_no: 2, state: 'released' },
    ]);
  });

  it("refuses to cancel another tenant's order as if it did not exist", async () => {
    const orderId = await confirmedOrder(h, 'cancel-other-tenant', OUT);
    await expect(cancelOrder(h.commands, 'globex', orderId)).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND' });
    expect(await statusOf(h, orderId)).toBe('confirmed');
  });
});
