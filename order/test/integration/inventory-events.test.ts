import { createOrderHarness, instantOrder, type OrderHarness, statusOf } from '../support/order-harness';
import { eventually, type OrderStack, startOrderStack } from '../support/order-stack';

jest.setTimeout(120_000);

const FROM_FRANKFURT = 'LH400-2026-12-20-FRA-JFK';
const FROM_NEW_YORK = 'DL44-2026-12-20-JFK-LAX';
/** An origin the airport table does not know: the default region's queue, whose aggregator dead-letters it. */
const FROM_NOWHERE = 'ZZ9-2026-12-20-QQQ-JFK';

describe("inventory events go to the aggregator queue of their flight's region (PostgreSQL outbox -> RabbitMQ)", () => {
  let h: OrderHarness;
  let stack: OrderStack;

  beforeAll(async () => {
    h = await createOrderHarness();
    stack = await startOrderStack(h);
    for (const flightId of [FROM_FRANKFURT, FROM_NEW_YORK, FROM_NOWHERE]) {
      await h.seedFlight(flightId, 10, '120.00');
    }
  });
  afterAll(async () => {
    await stack.close();
    await h.close();
  });

  it('writes each outbox row with its own regional routing key, and the relay routes it there', async () => {
    const orderId = await h.submit('acme', 'three-regions', instantOrder(FROM_FRANKFURT, FROM_NEW_YORK, FROM_NOWHERE));
    await eventually(async () => (await statusOf(h, orderId)) === 'confirmed');
    const { rows } = await h.db.pool.query<{ routing_key: string; flight_id: string; schema: string }>(
      `SELECT routing_key, payload->>'flightId' AS flight_id, payload->>'schema' AS schema
         FROM outbox WHERE message_id LIKE 'inventory-%' ORDER BY flight_id`,
    );
    expect(rows).toEqual([
      { routing_key: 'inventory.changed.v1.us', flight_id: FROM_NEW_YORK, schema: 'inventory.changed.v1' },
      { routing_key: 'inventory.changed.v1.eu', flight_id: FROM_FRANKFURT, schema: 'inventory.changed.v1' },
      { routing_key: 'inventory.changed.v1.eu', flight_id: FROM_NOWHERE, schema: 'inventory.changed.v1' },
    ]);

    await eventually(async () => {
      const pending = await h.db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbox WHERE sent_at IS NULL`,
      );
      return pending.rows[0]?.n === 0;
    });
    const channel = await stack.connection.createConfirmChannel();
    const flightsIn = async (region: string) => {
      const queue = stack.topology.queues.aggregatorInventoryIn(region).name;
      const flights: string[] = [];
      for (let message = await channel.get(queue); message; message = await channel.get(queue)) {
        flights.push((JSON.parse(message.content.toString()) as { flightId: string }).flightId);
        channel.ack(message);
      }
      return flights.sort();
    };
    expect(await flightsIn('eu')).toEqual([FROM_FRANKFURT, FROM_NOWHERE]);
    expect(await flightsIn('us')).toEqual([FROM_NEW_YORK]);
    await channel.close();
  });
});
