import amqp, { type ChannelModel } from 'amqplib';
import { z } from 'zod';

import {
  type AmqpConnection,
  type Consumer,
  createAmqpConnection,
  createConsumer,
  createPublisher,
  createTopology,
  declareQueue,
  type Delivery,
  isOutage,
  PermanentError,
  type Publisher,
  RetryableError,
} from '../../src';
import { silentLogger, TEST_AMQP_URL, uniqueName } from '../support/test-resources';

const pingSchema = z.object({ n: z.number().int() });
type Ping = z.infer<typeof pingSchema>;

describe('amqp consumer (real RabbitMQ)', () => {
  const logger = silentLogger();
  const topology = createTopology(uniqueName('t-'));
  const queue = topology.queue('pings', ['ping.v1'], 3);
  let connection: AmqpConnection;
  let publisher: Publisher;
  let inspector: ChannelModel;
  const consumers: Consumer[] = [];

  beforeAll(async () => {
    connection = createAmqpConnection({ url: TEST_AMQP_URL, logger, connectionName: 'test' });
    await connection.start();
    publisher = await createPublisher({
      connection,
      exchange: topology.eventsExchange,
      logger,
      prepare: (channel) => declareQueue(channel, topology, queue),
    });
    inspector = await amqp.connect(TEST_AMQP_URL);
  });

  afterEach(async () => {
    await Promise.all(consumers.splice(0).map((consumer) => consumer.stop()));
  });

  afterAll(async () => {
    const channel = await inspector.createChannel();
    await channel.deleteQueue(queue.name);
    await channel.deleteQueue(topology.deadLetterQueueOf(queue.name));
    await channel.deleteExchange(topology.eventsExchange);
    await channel.deleteExchange(topology.deadLetterExchange);
    await inspector.close();
    await publisher.close();
    await connection.close();
  });

  function consume(
    handle: (batch: Delivery<Ping>[]) => Promise<void>,
    batchSize = 1,
    hold: { isOutage?: (error: unknown) => boolean; maxHoldMs?: number } = {},
  ): void {
    const consumer = createConsumer({
      ...hold,
      connection,
      topology,
      queue,
      schema: pingSchema,
      logger,
      handle,
      prefetch: 20,
      batchSize,
      batchWaitMs: 5,
      retryBackoff: () => 10,
    });
    consumers.push(consumer);
    void consumer.start();
  }

  async function publishRaw(body: string, messageId: string): Promise<void> {
    const channel = await inspector.createConfirmChannel();
    channel.publish(topology.eventsExchange, 'ping.v1', Buffer.from(body), { messageId, persistent: true });
    await channel.waitForConfirms();
    await channel.close();
  }

  async function drainDeadLetters(expected: number, timeoutMs = 15_000) {
    const channel = await inspector.createChannel();
    const found: { body: string; headers: Record<string, unknown> }[] = [];
    const deadline = Date.now() + timeoutMs;
    while (found.length < expected && Date.now() < deadline) {
      const message = await channel.get(topology.deadLetterQueueOf(queue.name), { noAck: true });
      if (message) {
        found.push({ body: message.content.toString(), headers: message.properties.headers ?? {} });
      } else {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    await channel.close();
    return found;
  }

  const waitUntil = async (check: () => boolean, timeoutMs = 15_000) => {
    const deadline = Date.now() + timeoutMs;
    while (!check() && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(check()).toBe(true);
  };

  it('dead-letters an invalid message with the reason and keeps consuming the stream', async () => {
    const handled: number[] = [];
    consume(async (batch) => void handled.push(...batch.map((delivery) => delivery.message.n)));

    await publisher.publish('ping.v1', { n: 1 }, { messageId: 'm1' });
    await publishRaw('{"n":"two"}', 'bad-schema');
    await publishRaw('not json', 'bad-json');
    await publisher.publish('ping.v1', { n: 3 }, { messageId: 'm3' });

    await waitUntil(() => handled.length === 2);
    expect(handled).toEqual([1, 3]);
    const dead = await drainDeadLetters(2);
    const reasons = Object.fromEntries(dead.map((letter) => [letter.body, letter.headers['x-fareflow-error']]));
    expect(reasons['{"n":"two"}']).toMatch(/^schema violation: n: /);
    expect(reasons['not json']).toBe('body is not valid JSON');
    expect(dead.every((letter) => letter.headers['x-fareflow-error-code'] === 'INVALID_MESSAGE')).toBe(true);
  });

  it('isolates a permanent failure inside a batch and acks its neighbours', async () => {
    const handled: number[] = [];
    consume(async (batch) => {
      if (batch.some((delivery) => delivery.message.n === 13)) {
        throw new PermanentError('UNLUCKY', 'thirteen is not allowed');
      }
      handled.push(...batch.map((delivery) => delivery.message.n));
    }, 10);

    await Promise.all([10, 11, 12, 13, 14].map((n) => publisher.publish('ping.v1', { n }, { messageId: `b${n}` })));

    await waitUntil(() => handled.length === 4);
    expect([...handled].sort()).toEqual([10, 11, 12, 14]);
    const [dead] = await drainDeadLetters(1);
    expect(dead?.body).toBe('{"n":13}');
    expect(dead?.headers['x-fareflow-error-code']).toBe('UNLUCKY');
  });

  it('redelivers after a transient failure and succeeds', async () => {
    const attempts: number[] = [];
    consume(async ([delivery]) => {
      attempts.push(delivery?.attempt ?? 0);
      if (attempts.length < 2) {
        throw new RetryableError('DB_DOWN', 'store unavailable');
      }
    });

    await publisher.publish('ping.v1', { n: 7 }, { messageId: 'retry-me' });

    await waitUntil(() => attempts.length === 2);
    expect(attempts).toEqual([1, 2]);
    expect(await drainDeadLetters(1, 500)).toEqual([]);
  });

  it('gives up after the delivery limit and dead-letters with the last error', async () => {
    let attempts = 0;
    consume(async () => {
      attempts += 1;
      throw new RetryableError('DB_DOWN', `still down (attempt ${attempts})`);
    });

    await publisher.publish('ping.v1', { n: 9 }, { messageId: 'doomed' });

    const [dead] = await drainDeadLetters(1);
    expect(attempts).toBe(queue.deliveryLimit);
    expect(dead?.headers['x-fareflow-error']).toBe(`still down (attempt ${queue.deliveryLimit})`);
  });

  it('holds a batch in place through an outage: no redelivery, nothing dead-lettered', async () => {
    const attempts: number[] = [];
    const handled: number[] = [];
    consume(
      async (batch) => {
        attempts.push(...batch.map((delivery) => delivery.attempt));
        if (attempts.length <= 3 * queue.deliveryLimit) {
          throw new RetryableError('HISTORY_UNAVAILABLE', 'write failed', {
            cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
          });
        }
        handled.push(...batch.map((delivery) => delivery.message.n));
      },
      1,
      { isOutage },
    );

    await publisher.publish('ping.v1', { n: 21 }, { messageId: 'outage' });

    await waitUntil(() => handled.length === 1);
    expect(handled).toEqual([21]);
    // Far past the delivery limit, and every attempt was the first delivery: held, not requeued.
    expect(attempts).toEqual(new Array(3 * queue.deliveryLimit + 1).fill(1));
    expect(await drainDeadLetters(1, 500)).toEqual([]);
  });

  it('stops holding after maxHoldMs and falls back to redelivery', async () => {
    const attempts: number[] = [];
    consume(
      async ([delivery]) => {
        attempts.push(delivery?.attempt ?? 0);
        throw Object.assign(new Error('Connection terminated unexpectedly'), {});
      },
      1,
      { isOutage, maxHoldMs: 50 },
    );

    await publisher.publish('ping.v1', { n: 22 }, { messageId: 'long-outage' });

    const [dead] = await drainDeadLetters(1);
    expect(dead?.body).toBe('{"n":22}');
    expect(new Set(attempts)).toEqual(new Set([1, 2, 3]));
    expect(attempts.length).toBeGreaterThan(queue.deliveryLimit);
  });
});
