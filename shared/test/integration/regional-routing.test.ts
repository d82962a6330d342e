import amqp, { type Channel, type ChannelModel } from 'amqplib';
import { z } from 'zod';

import {
  type AmqpConnection,
  createAmqpConnection,
  createConsumer,
  createPublisher,
  createTopology,
  declareQueue,
  legacyRoutingKeys,
  type Publisher,
  queueExists,
  routingKeys,
} from '../../src';
import { silentLogger, TEST_AMQP_URL, uniqueName } from '../support/test-resources';

/** Regional routing keys on a real topic exchange, and the drain-only consumer of retired queues. */
describe('regional routing (real RabbitMQ)', () => {
  const logger = silentLogger();
  const topology = createTopology(uniqueName('t-'));
  const everyRegion = topology.queue('test.every-region', [routingKeys.fareObservationAnyRegion]);
  const eu = topology.queues.aggregatorFaresIn('eu');
  const us = topology.queues.aggregatorFaresIn('us');
  const legacy = topology.queues.legacyAggregatorFares;
  let connection: AmqpConnection;
  let publisher: Publisher;
  let inspector: ChannelModel;
  let channel: Channel;

  beforeAll(async () => {
    connection = createAmqpConnection({ url: TEST_AMQP_URL, logger, connectionName: 'test' });
    await connection.start();
    publisher = await createPublisher({
      connection,
      exchange: topology.eventsExchange,
      logger,
      prepare: async (next) => {
        for (const spec of [everyRegion, eu, us]) {
          await declareQueue(next, topology, spec);
        }
      },
    });
    inspector = await amqp.connect(TEST_AMQP_URL);
    channel = await inspector.createChannel();
  });

  afterAll(async () => {
    for (const spec of [everyRegion, eu, us, legacy]) {
      await channel.deleteQueue(spec.name);
      await channel.deleteQueue(topology.deadLetterQueueOf(spec.name));
    }
    await channel.deleteExchange(topology.eventsExchange);
    await channel.deleteExchange(topology.deadLetterExchange);
    await inspector.close();
    await publisher.close();
    await connection.close();
  });

  async function drain(queueName: string): Promise<string[]> {
    const keys: string[] = [];
    for (let message = await channel.get(queueName); message; message = await channel.get(queueName)) {
      keys.push(message.fields.routingKey);
      channel.ack(message);
    }
    return keys.sort();
  }

  it('routes each region to its own queue, and every region plus the unsuffixed key to a `#` binding', async () => {
    const keys = [
      routingKeys.fareObservationIn('eu'),
      routingKeys.fareObservationIn('us'),
      legacyRoutingKeys.fareObservation,
    ];
    for (const [index, key] of keys.entries()) {
      await publisher.publish(key, { index }, { messageId: `m-${index}` });
    }
    expect(await drain(eu.name)).toEqual(['fare.observation.v1.eu']);
    expect(await drain(us.name)).toEqual(['fare.observation.v1.us']);
    expect(await drain(everyRegion.name)).toEqual([
      'fare.observation.v1',
      'fare.observation.v1.eu',
      'fare.observation.v1.us',
    ]);
  });

  it('drains a retired queue while it exists, and never creates it', async () => {
    const seen: number[] = [];
    const drainer = () =>
      createConsumer({
        connection,
        topology,
        queue: legacy,
        schema: z.object({ n: z.number() }),
        logger,
        prefetch: 10,
        retryBackoff: () => 10,
        isDrainOnly: true,
        handle: async (batch) => void seen.push(...batch.map((delivery) => delivery.message.n)),
      });
    const idle = drainer();
    await idle.start();
    await idle.stop();
    expect(await queueExists(connection, legacy.name)).toBe(false);

    // What a broker upgraded from an earlier release holds: the shared queue with messages in it.
    await declareQueue(channel, topology, legacy);
    for (const n of [1, 2, 3]) {
      await publisher.publish(legacyRoutingKeys.fareObservation, { n }, { messageId: `legacy-${n}` });
    }
    const active = drainer();
    await active.start();
    const deadline = Date.now() + 10_000;
    while (seen.length < 3 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await active.stop();
    expect(seen.sort()).toEqual([1, 2, 3]);
    expect((await channel.checkQueue(legacy.name)).messageCount).toBe(0);
  });
});
