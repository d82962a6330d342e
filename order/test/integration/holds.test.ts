import { setTimeout as sleep } from 'node:timers/promises';

import { payHold } from '../../src/use-cases/pay-hold';
import { sweepOnce } from '../../src/use-cases/sweep-orders';
import {
  createOrderHarness,
  holdOrder,
  ledgerOf,
  type OrderHarness,
  seatsOf,
  statusOf,
} from '../support/order-harness';

// Real services on two shared cores can need longer than the root 60 s limit.
jest.setTimeout(120_000);

const FLIGHT = 'AF11-2026-12-03-CDG-JFK';
const HOLD_TTL_MS = 400;

describe('holds (real PostgreSQL)', () => {
  let h: OrderHarness;
  const sweep = () => sweepOnce({ ...h.commands, processor: h.processor, staleMs: 60_000, batchSize: 100 });

  beforeAll(async () => {
    h = await createOrderHarness({ holdTtlMs: HOLD_TTL_MS });
    await h.seedFlight(FLIGHT, 5, '300.00');
  });
  afterAll(() => h.close());

  it('reserves seats without payment, then expires the unpaid hold on time and gives the seats back', async () => {
    const orderId = await h.submit('acme', 'hold-expires', holdOrder(FLIGHT, FLIGHT));
    await h.processor.process([orderId]);
    expect(await statusOf(h, orderId)).toBe('held');
    expect(await seatsOf(h, FLIGHT)).toEqual({ sold: 0, held: 2 });
    const { rows } = await h.db.pool.query('SELECT payment_required_by, created_at FROM orders WHERE order_id = $1', [
      orderId,
    ]);
    expect(rows[0].payment_required_by.getTime() - rows[0].created_at.getTime()).toBeLessThan(HOLD_TTL_MS + 1_000);

    expect((await sweep()).expired).toBe(0);
    expect(await statusOf(h, orderId)).toBe('held');

    await sleep(HOLD_TTL_MS + 50);
    expect((await sweep()).expired).toBe(1);
    expect(await statusOf(h, orderId)).toBe('expired');
    expect(await seatsOf(h, FLIGHT)).toEqual({ sold: 0, held: 0 });
    expect(await ledgerOf(h, orderId)).toEqual([]);
  });

  it('pays a hold before its deadline: held seats become sold, one charge', async () => {
    const orderId = await h.submit('acme', 'hold-paid', holdOrder(FLIGHT));
    await h.processor.process([orderId]);
    const order = await payHold(h.commands, 'acme', orderId, 'tok_visa');
    expect(order.status).toBe('confirmed');
    expect(order.totalAmount).toBe('300.00');
    expect(await seatsOf(h, FLIGHT)).toEqual({ sold: 1, held: 0 });
    // Paying again returns the paid order and charges nothing more.
    expect((await payHold(h.commands, 'acme', orderId, 'tok_visa')).status).toBe('confirmed');
    expect(await ledgerOf(h, orderId)).toHaveLength(1);
    await sleep(HOLD_TTL_MS + 50);
    await sweep();
    expect(await statusOf(h, orderId)).toBe('confirmed');
  });

  it('keeps a hold whose card is declined, and refuses payment after the deadline', async () => {
    const orderId = await h.submit('acme', 'hold-declined', holdOrder(FLIGHT));
    await h.processor.process([orderId]);
    h.faults.push('decline');
    await expect(payHold(h.commands, 'acme', orderId, 'tok_declined')).rejects.toMatchObject({
      code: 'PAYMENT_DECLINED',
    });
    expect(await statusOf(h, orderId)).toBe('held');
    const before = await seatsOf(h, FLIGHT);
    await sleep(HOLD_TTL_MS + 50);
    await expect(payHold(h.commands, 'acme', orderId, 'tok_visa')).rejects.toMatchObject({ code: 'HOLD_EXPIRED' });
    expect(await statusOf(h, orderId)).toBe('expired');
    expect(await seatsOf(h, FLIGHT)).toEqual({ sold: before.sold, held: before.held - 1 });
    expect((await ledgerOf(h, orderId)).map((row) => row.status)).toEqual(['declined']);
  });

  it('answers 404-equivalent for another tenant paying the hold', async () => {
    const orderId = await h.submit('acme', 'hold-other-tenant', holdOrder(FLIGHT));
    await h.processor.process([orderId]);
    await expect(payHold(h.commands, 'globex', orderId, 'tok_visa')).rejects.toMatchObject({ code: 'ORDER_NOT_FOUND' });
  });
});
