import { createKey, createOrderHarness, instantOrder, ledgerOf, type OrderHarness } from '../support/order-harness';
import { eventually, type OrderStack, startOrderStack } from '../support/order-stack';

// Real services on two shared cores can need longer than the root 60 s limit.
jest.setTimeout(120_000);

const FLIGHT = 'LH400-2026-12-01-FRA-JFK';

describe('overbooking policy under concurrency (API -> RabbitMQ -> worker -> PostgreSQL)', () => {
  let h: OrderHarness;
  let stack: OrderStack;
  let token: string;

  beforeAll(async () => {
    h = await createOrderHarness();
    stack = await startOrderStack(h, { workers: 2, batchSize: 20 });
    token = await createKey(h, 'acme');
    await h.seedFlight(FLIGHT, 100, '199.90', 10);
  });
  afterAll(async () => {
    await stack.close();
    await h.close();
  });

  it('turns 1,000 concurrent one-seat orders into exactly 100 confirmed, 10 oversold and 890 failed', async () => {
    // Sample the row while orders run: no count may ever go negative or past booking + oversell limit.
    const samples: { sold: number; held: number; limit: number }[] = [];
    let isRunning = true;
    const sampler = (async () => {
      while (isRunning) {
        const { rows } = await h.db.pool.query(
          `SELECT sold, held, booking_limit + oversell_limit AS limit FROM inventory WHERE flight_id = $1`,
          [FLIGHT],
        );
        samples.push(rows[0]);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const responses = await Promise.all(
      Array.from({ length: 1_000 }, (_, index) =>
        stack.app.inject({
          method: 'POST',
          url: '/v1/orders',
          headers: { authorization: `Bearer ${token}`, 'idempotency-key': `concurrent-${index}` },
          payload: instantOrder(FLIGHT),
        }),
      ),
    );
    expect(responses.map((response) => response.statusCode).filter((code) => code !== 202)).toEqual([]);
    await eventually(async () => {
      const { rows } = await h.db.pool.query(
        `SELECT count(*)::int AS n FROM orders WHERE status IN ('pending', 'processing')`,
      );
      return rows[0].n === 0;
    }, 60_000);
    isRunning = false;
    await sampler;

    const { rows } = await h.db.pool.query(
      `SELECT status, count(*)::int AS n FROM orders GROUP BY status ORDER BY status`,
    );
    expect(rows).toEqual([
      { status: 'confirmed', n: 100 },
      { status: 'failed', n: 890 },
      { status: 'oversold', n: 10 },
    ]);
    const inventory = await h.db.pool.query(`SELECT sold, held FROM inventory WHERE flight_id = $1`, [FLIGHT]);
    expect(inventory.rows[0]).toEqual({ sold: 110, held: 0 });
    expect(samples.length).toBeGreaterThan(0);
    for (const sample of samples) {
      expect(sample.sold).toBeGreaterThanOrEqual(0);
      expect(sample.held).toBeGreaterThanOrEqual(0);
      expect(sample.sold + sample.held).toBeLessThanOrEqual(sample.limit);
    }
    const failures = await h.db.pool.query(`SELECT DISTINCT failure_code FROM orders WHERE status = 'failed'`);
    expect(failures.rows).toEqual([{ failure_code: 'NO_SEATS' }]);
    const charges = await h.db.pool.query(
      `SELECT count(*)::int AS n FROM simulated_gateway_ledger WHERE kind = 'charge'`,
    );
    expect(charges.rows[0].n).toBe(110);
    const oversold = await h.db.pool.query(`SELECT order_id FROM orders WHERE status = 'oversold' LIMIT 1`);
    expect(await ledgerOf(h, oversold.rows[0].order_id)).toHaveLength(1);
  });

  it("relays the inventory changes to the aggregator queue of the flight's region through the outbox", async () => {
    await eventually(async () => {
      const { rows } = await h.db.pool.query(`SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL`);
      return rows[0].n === 0;
    });
    const channel = await stack.connection.createConfirmChannel();
    // Frankfurt is in eu; the us queue gets nothing of this flight.
    const queue = stack.topology.queues.aggregatorInventoryIn('eu').name;
    expect((await channel.checkQueue(stack.topology.queues.aggregatorInventoryIn('us').name)).messageCount).toBe(0);
    const seen: { flightId: string; seatsAvailable: number; schema: string }[] = [];
    for (let message = await channel.get(queue); message; message = await channel.get(queue)) {
      seen.push(JSON.parse(message.content.toString()));
      channel.ack(message);
    }
    await channel.close();
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((event) => event.schema === 'inventory.changed.v1' && event.flightId === FLIGHT)).toBe(true);
    expect(Math.min(...seen.map((event) => event.seatsAvailable))).toBe(0);
  });
});
