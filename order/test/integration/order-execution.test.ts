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

const LEG1 = 'LH400-2026-12-01-FRA-JFK';
const LEG2 = 'UA901-2026-12-02-JFK-SFO';
const LEG3 = 'UA902-2026-12-05-SFO-JFK';

describe('order execution (real PostgreSQL)', () => {
  let h: OrderHarness;

  beforeAll(async () => {
    h = await createOrderHarness();
    await h.seedFlight(LEG1, 10, '400.00');
    await h.seedFlight(LEG2, 10, '150.50');
    await h.seedFlight(LEG3, 0, '120.00');
  });
  afterAll(() => h.close());
  beforeEach(() => {
    h.faults.length = 0;
  });

  it('confirms a multi-flight order, charging the sum of its fares once', async () => {
    const orderId = await h.submit('acme', 'key-multi-ok', instantOrder(LEG1, LEG2));
    await h.processor.process([orderId]);
    expect(await statusOf(h, orderId)).toBe('confirmed');
    expect(await seatsOf(h, LEG1)).toEqual({ sold: 1, held: 0 });
    expect(await seatsOf(h, LEG2)).toEqual({ sold: 1, held: 0 });
    const ledger = await ledgerOf(h, orderId);
    expect(ledger).toEqual([
      { idempotency_key: `order-${orderId}-charge`, kind: 'charge', amount: '550.500000', status: 'succeeded' },
    ]);
  });

  it('fails a multi-flight order whose last leg has no seat and leaves every other leg untouched', async () => {
    const before = [await seatsOf(h, LEG1), await seatsOf(h, LEG2)];
    const orderId = await h.submit('acme', 'key-multi-no-seat', instantOrder(LEG1, LEG2, LEG3));
    await h.processor.process([orderId]);
    const { rows } = await h.db.pool.query(
      'SELECT status, failure_code, failure_reason FROM orders WHERE order_id = $1',
      [orderId],
    );
    expect(rows[0]).toMatchObject({ status: 'failed', failure_code: 'NO_SEATS' });
    expect(rows[0].failure_reason).toContain(LEG3);
    expect([await seatsOf(h, LEG1), await seatsOf(h, LEG2)]).toEqual(before);
    expect(await seatsOf(h, LEG3)).toEqual({ sold: 0, held: 0 });
    expect(await ledgerOf(h, orderId)).toEqual([]);
    const items = await h.db.pool.query(`SELECT state FROM order_items WHERE order_id = $1`, [orderId]);
    // A failed order holds no seat: every item is released, none stays pending.
    expect(items.rows.map((row) => row.state)).toEqual(['released', 'released', 'released']);
  });

  it('changes nothing when the same order message is delivered again', async () => {
    const orderId = await h.submit('acme', 'key-redelivered', instantOrder(LEG1));
    const seatsBefore = await seatsOf(h, LEG1);
    await h.processor.process([orderId]);
    await h.processor.process([orderId]);
    await Promise.all([h.processor.process([orderId]), h.processor.process([orderId])]);
    expect(await statusOf(h, orderId)).toBe('confirmed');
    expect((await seatsOf(h, LEG1)).sold).toBe(seatsBefore.sold + 1);
    expect(await ledgerOf(h, orderId)).toHaveLength(1);
  });

  it('resolves a gateway timeout by asking the gateway: one charge', async () => {
    h.faults.push('timeout-after-recording');
    const orderId = await h.submit('acme', 'key-timeout-after', instantOrder(LEG2));
    await h.processor.process([orderId]);
    expect(await statusOf(h, orderId)).toBe('confirmed');
    expect(await ledgerOf(h, orderId)).toHaveLength(1);
    expect(h.gatewayCalls.filter(([, key]) => key.includes(orderId))).toHaveLength(1);
  });

  it('sends a timed-out charge the gateway never received again with the same key: one charge', async () => {
    h.faults.push('timeout-before-recording');
    const orderId = await h.submit('acme', 'key-timeout-before', instantOrder(LEG2));
    await h.processor.process([orderId]);
    expect(await statusOf(h, orderId)).toBe('confirmed');
    const ledger = await ledgerOf(h, orderId);
    expect(ledger).toHaveLength(1);
    expect(ledger[0]?.idempotency_key).toBe(`order-${orderId}-charge`);
  });

  it('fails a declined order and gives its seats back', async () => {
    const before = await seatsOf(h, LEG1);
    h.faults.push('decline');
    const orderId = await h.submit('acme', 'key-declined', instantOrder(LEG1));
    await h.processor.process([orderId]);
    const { rows } = await h.db.pool.query('SELECT status, failure_code FROM orders WHERE order_id = $1', [orderId]);
    expect(rows[0]).toEqual({ status: 'failed', failure_code: 'PAYMENT_DECLINED' });
    expect(await seatsOf(h, LEG1)).toEqual(before);
  });

  it('resumes an order a crash left between reservation and charge without charging twice', async () => {
    h.faults.push('timeout-before-recording', 'timeout-before-recording', 'timeout-before-recording');
    const orderId = await h.submit('acme', 'key-crash-resume', instantOrder(LEG1));
    // Seats reserved and charge recorded, but its outcome stays unknown: the batch must be redelivered.
    await expect(h.processor.process([orderId])).rejects.toThrow(/timed out/);
    expect(await statusOf(h, orderId)).toBe('processing');
    await h.processor.process([orderId]);
    expect(await statusOf(h, orderId)).toBe('confirmed');
    expect(await ledgerOf(h, orderId)).toHaveLength(1);
  });
});
