import { createKey, createOrderHarness, instantOrder, ledgerOf, type OrderHarness } from '../support/order-harness';
import { eventually, type OrderStack, startOrderStack } from '../support/order-stack';

// Real services on two shared cores can need longer than the root 60 s limit.
jest.setTimeout(120_000);

const FLIGHT = 'DL44-2026-12-20-JFK-LAX';

describe('order API (Fastify inject, real PostgreSQL and RabbitMQ)', () => {
  let h: OrderHarness;
  let stack: OrderStack;
  let acme: string;
  let globex: string;
  const post = (token: string, key: string, payload: unknown, prefer?: string) =>
    stack.app.inject({
      method: 'POST',
      url: '/v1/orders',
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': key, ...(prefer ? { prefer } : {}) },
      payload: payload as object,
    });
  const get = (token: string, url: string) =>
    stack.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    h = await createOrderHarness();
    stack = await startOrderStack(h, { workers: 1 });
    acme = await createKey(h, 'acme');
    globex = await createKey(h, 'globex');
    await h.seedFlight(FLIGHT, 50, '89.99');
  });
  afterAll(async () => {
    await stack.close();
    await h.close();
  });

  it('accepts with 202 and a status URL, and answers the final state with Prefer: wait', async () => {
    const accepted = await post(acme, 'api-accept-1', instantOrder(FLIGHT));
    expect(accepted.statusCode).toBe(202);
    const body = accepted.json();
    expect(body).toMatchObject({ status: 'pending', links: { self: `/v1/orders/${body.orderId}` } });
    expect(accepted.headers.location).toBe(`/v1/orders/${body.orderId}`);

    const waited = await post(acme, 'api-wait-1', instantOrder(FLIGHT), 'wait=10');
    expect(waited.statusCode).toBe(200);
    expect(waited.headers['preference-applied']).toBe('wait=10');
    expect(waited.json()).toMatchObject({ status: 'confirmed', totalAmount: '89.99', currency: 'EUR' });
    expect(waited.json().items[0]).toMatchObject({ state: 'reserved', seatStatus: 'confirmed', unitPrice: '89.99' });
  });

  it('gives one order and one charge for five retries with the same key, and 409 for another body', async () => {
    const responses = [];
    for (let attempt = 0; attempt < 5; attempt += 1) {
      responses.push(await post(acme, 'api-retried-key', instantOrder(FLIGHT)));
    }
    const ids = new Set(responses.map((response) => response.json().orderId));
    expect(ids.size).toBe(1);
    const [orderId] = [...ids];
    // The same message delivered again on top of the retries.
    await stack.publisher.publish(
      'order.submitted.v1',
      { schema: 'order.submitted.v1', orderId, tenant: 'acme', submittedAt: new Date().toISOString() },
      { messageId: orderId },
    );
    await eventually(async () => (await get(acme, `/v1/orders/${orderId}`)).json().status === 'confirmed');
    await eventually(async () => {
      const { rows } = await h.db.pool.query(
        `SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL AND routing_key = 'order.submitted.v1'`,
      );
      return rows[0].n === 0;
    });
    const { rows } = await h.db.pool.query(
      `SELECT count(*)::int AS n FROM orders WHERE idempotency_key = 'api-retried-key'`,
    );
    expect(rows[0].n).toBe(1);
    expect(await ledgerOf(h, orderId)).toHaveLength(1);

    const other = instantOrder(FLIGHT);
    other.items[0]!.passengers[0]!.familyName = 'Smith';
    const conflict = await post(acme, 'api-retried-key', other);
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().error.code).toBe('IDEMPOTENCY_CONFLICT');
  });

  it('shows a tenant only its own orders: another tenant gets 404 and an empty list', async () => {
    const { orderId } = (await post(acme, 'api-tenant-1', instantOrder(FLIGHT), 'wait=10')).json();
    expect((await get(acme, `/v1/orders/${orderId}`)).statusCode).toBe(200);
    const foreign = await get(globex, `/v1/orders/${orderId}`);
    expect(foreign.statusCode).toBe(404);
    expect(foreign.json().error.code).toBe('ORDER_NOT_FOUND');
    expect((await get(globex, '/v1/orders')).json()).toEqual({ orders: [] });
    const cancelled = await stack.app.inject({
      method: 'POST',
      url: `/v1/orders/${orderId}/cancel`,
      headers: { authorization: `Bearer ${globex}` },
    });
    expect(cancelled.statusCode).toBe(404);
    const mine = (await get(acme, '/v1/orders?status=confirmed&limit=50')).json();
    expect(mine.orders.map((order: { orderId: string }) => order.orderId)).toContain(orderId);
    expect(mine.orders.every((order: { status: string }) => order.status === 'confirmed')).toBe(true);
  });

  it('refuses bad input with 400 naming the field, and writes nothing', async () => {
    const noAdult = instantOrder(FLIGHT);
    noAdult.items[0]!.passengers[0]!.type = 'INF';
    const cases: [unknown, string][] = [
      [{ ...instantOrder(FLIGHT), paymentToken: undefined }, 'paymentToken'],
      [noAdult, 'items.0.passengers'],
      [{ ...instantOrder('NOT-A-FLIGHT'), paymentToken: 'tok_visa' }, 'items.0.flightId'],
      [instantOrder('ZZ1-2026-12-20-JFK-LAX'), 'items.0.flightId'],
    ];
    for (const [index, [payload, field]] of cases.entries()) {
      const response = await post(acme, `api-bad-${index}`, payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().error.field).toBe(field);
    }
    const missingKey = await stack.app.inject({
      method: 'POST',
      url: '/v1/orders',
      headers: { authorization: `Bearer ${acme}` },
      payload: instantOrder(FLIGHT),
    });
    expect(missingKey.statusCode).toBe(400);
    expect(missingKey.json().error.field).toBe('idempotency-key');
    const { rows } = await h.db.pool.query(
      `SELECT count(*)::int AS n FROM orders WHERE idempotency_key LIKE 'api-bad-%'`,
    );
    expect(rows[0].n).toBe(0);
  });

  it('requires an API key with the right scope', async () => {
    expect((await stack.app.inject({ method: 'GET', url: '/v1/orders' })).statusCode).toBe(401);
  });
});
