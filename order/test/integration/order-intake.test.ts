import { randomUUID } from 'node:crypto';

import type { SubmittedOrder } from '../../src/adapters/order-submission.repository';
import { createSimulatedPaymentGateway } from '../../src/adapters/simulated-payment-gateway';
import { createSubmittedOrderWriter } from '../../src/adapters/submitted-order-writer';
import { fingerprintRequest } from '../../src/domain/request-fingerprint';
import { submitOrder } from '../../src/use-cases/submit-order';
import { createOrderHarness, instantOrder, type OrderHarness } from '../support/order-harness';

const FLIGHT = 'LH400-2026-12-20-FRA-JFK';
const OTHER = 'LH402-2026-12-21-FRA-JFK';

/** Concurrent submissions share one statement; these tests pin what each caller still sees. */
describe('order intake (group commit, real PostgreSQL)', () => {
  let h: OrderHarness;

  beforeAll(async () => {
    h = await createOrderHarness();
    await h.seedFlight(FLIGHT, 500, '120.00');
    await h.seedFlight(OTHER, 500, '99.00');
  });
  afterAll(() => h.close());

  const count = async (sql: string, params: unknown[]) =>
    Number((await h.db.pool.query<{ n: string }>(sql, params)).rows[0]?.n);

  it('stores each of many concurrent orders with its items and its outbox message', async () => {
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, index) =>
        submitOrder(h.submitDeps, 'acme', `intake-many-${index}`, instantOrder(FLIGHT, OTHER)),
      ),
    );
    const ids = results.map((result) => result.order.orderId);
    expect(new Set(ids).size).toBe(60);
    expect(results.every((result) => result.isNew)).toBe(true);
    expect(await count('SELECT count(*) AS n FROM orders WHERE order_id = ANY($1::uuid[])', [ids])).toBe(60);
    expect(await count('SELECT count(*) AS n FROM order_items WHERE order_id = ANY($1::uuid[])', [ids])).toBe(120);
    expect(await count('SELECT count(*) AS n FROM outbox WHERE message_id = ANY($1::text[])', [ids])).toBe(60);
    const { rows } = await h.db.pool.query<{ idempotency_key: string; flights: string[] }>(
      `SELECT o.idempotency_key, array_agg(i.flight_id ORDER BY i.item_no) AS flights
         FROM orders o JOIN order_items i USING (order_id) WHERE o.order_id = $1 GROUP BY o.idempotency_key`,
      [ids[7]],
    );
    expect(rows).toEqual([{ idempotency_key: 'intake-many-7', flights: [FLIGHT, OTHER] }]);
  });

  it('gives one order to the same key sent twice in one batch, and a conflict to another body', async () => {
    const [first, again, other] = await Promise.allSettled([
      submitOrder(h.submitDeps, 'acme', 'intake-dup', instantOrder(FLIGHT)),
      submitOrder(h.submitDeps, 'acme', 'intake-dup', instantOrder(FLIGHT)),
      submitOrder(h.submitDeps, 'acme', 'intake-dup', instantOrder(OTHER)),
    ]);
    expect(first.status).toBe('fulfilled');
    expect(again.status).toBe('fulfilled');
    if (first.status !== 'fulfilled' || again.status !== 'fulfilled') {
      return;
    }
    expect(again.value.order.orderId).toBe(first.value.order.orderId);
    expect([first.value.isNew, again.value.isNew].sort()).toEqual([false, true]);
    expect(other).toMatchObject({ status: 'rejected', reason: { code: 'IDEMPOTENCY_CONFLICT' } });
    expect(await count(`SELECT count(*) AS n FROM orders WHERE idempotency_key = 'intake-dup'`, [])).toBe(1);
    // Another tenant's identical key is its own order.
    const globex = await submitOrder(h.submitDeps, 'globex', 'intake-dup', instantOrder(FLIGHT));
    expect(globex.isNew).toBe(true);
    expect(globex.order.orderId).not.toBe(first.value.order.orderId);
  });

  it('stores the good orders of a batch when one of them is refused by the database', async () => {
    const write = createSubmittedOrderWriter(h.db.pool);
    const order = (key: string, seats: number): SubmittedOrder => ({
      orderId: randomUUID(),
      tenant: 'acme',
      idempotencyKey: key,
      requestSha256: fingerprintRequest(instantOrder(FLIGHT)),
      type: 'instant',
      contact: { email: 'agent@example.com' },
      paymentToken: 'tok_visa',
      paymentRequiredBy: undefined,
      items: [{ itemNo: 1, flightId: FLIGHT, cabin: 'ECONOMY', seats, passengers: [], priceTerms: undefined }],
    });
    const message = (orderId: string) => ({
      routingKey: 'order.submitted.v1',
      messageId: orderId,
      payload: { orderId },
      publishAfterMs: 60_000,
    });
    const orders = [order('intake-good-1', 1), order('intake-bad', 0), order('intake-good-2', 2)];
    const outcomes = await Promise.allSettled(orders.map((entry) => write(entry, message(entry.orderId))));
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(outcomes[1]).toMatchObject({ status: 'rejected', reason: { message: expect.stringMatching(/check/i) } });
    const ids = orders.map((entry) => entry.orderId);
    const { rows } = await h.db.pool.query<{ idempotency_key: string }>(
      'SELECT idempotency_key FROM orders WHERE order_id = ANY($1::uuid[]) ORDER BY idempotency_key',
      [ids],
    );
    expect(rows.map((row) => row.idempotency_key)).toEqual(['intake-good-1', 'intake-good-2']);
    expect(await count('SELECT count(*) AS n FROM outbox WHERE message_id = ANY($1::text[])', [ids])).toBe(2);
  });

  it("charges concurrent payments once per key, each caller getting its key's first outcome", async () => {
    const gateway = createSimulatedPaymentGateway({
      db: h.db.pool,
      declineRate: 0,
      timeoutRate: 0,
      latencyMs: 0,
      timeoutMs: 10,
      decideFault: (_kind, key) => (key === 'intake-pay-declined' ? 'decline' : 'none'),
    });
    const charge = (key: string) =>
      gateway.charge({
        idempotencyKey: key,
        amount: '10.50',
        currency: 'EUR',
        paymentToken: 'tok',
        description: 'test',
      });
    const results = await Promise.all([
      charge('intake-pay-a'),
      charge('intake-pay-b'),
      charge('intake-pay-a'),
      charge('intake-pay-declined'),
    ]);
    expect(results[0]).toEqual(results[2]);
    expect(results[0]?.status).toBe('succeeded');
    expect(results[1]?.status).toBe('succeeded');
    expect(results[1]?.reference).not.toBe(results[0]?.reference);
    expect(results[3]).toMatchObject({ status: 'declined', reason: 'card declined (simulated)' });
    expect(
      await count(`SELECT count(*) AS n FROM simulated_gateway_ledger WHERE idempotency_key LIKE 'intake-pay-%'`, []),
    ).toBe(3);
    expect(await gateway.findByKey('intake-pay-b')).toEqual(results[1]);
  });
});
