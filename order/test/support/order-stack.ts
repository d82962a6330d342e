import {
  type AmqpConnection,
  type Consumer,
  createAmqpConnection,
  createMetricsRegistry,
  createPublisher,
  createTopology,
  declareQueue,
  exponentialBackoff,
  findPrincipalByToken,
  orderQueue,
  type Publisher,
  type Topology,
} from '@fareflow/shared';
import { TEST_AMQP_URL, uniqueName } from '@fareflow/shared/test/support/test-resources';
import type { FastifyInstance } from 'fastify';

import { buildApp } from '../../src/app';
import { createSettledListener, type SettledListener } from '../../src/http/order-settled-listener';
import { createOrderWorker } from '../../src/workers/order-worker';
import { createOutboxRelay, type OutboxRelay } from '../../src/workers/outbox-relay';
import type { OrderHarness } from './order-harness';

export interface OrderStack {
  topology: Topology;
  connection: AmqpConnection;
  publisher: Publisher;
  app: FastifyInstance;
  relay: OutboxRelay;
  workers: Consumer[];
  listener: SettledListener;
  close(): Promise<void>;
}

/**
 * The order service wired in-process like its composition root (API, `workers` consumers, relay),
 * on a real RabbitMQ with a unique prefix and the harness's fresh schema.
 */
export async function startOrderStack(
  h: OrderHarness,
  options: { workers?: number; batchSize?: number } = {},
): Promise<OrderStack> {
  const topology = createTopology(uniqueName('t-order-'));
  const connection = createAmqpConnection({ url: TEST_AMQP_URL, logger: h.logger, connectionName: 'order-test' });
  await connection.start();
  const publisher = await createPublisher({
    connection,
    exchange: topology.eventsExchange,
    logger: h.logger,
    prepare: async (channel) => {
      await declareQueue(channel, topology, orderQueue(topology));
      for (const region of h.regions.regions) {
        await declareQueue(channel, topology, topology.queues.aggregatorInventoryIn(region));
      }
    },
  });
  h.submitDeps.publisher = publisher;
  const workers = Array.from({ length: options.workers ?? 2 }, () =>
    createOrderWorker({
      connection,
      topology,
      processor: h.processor,
      logger: h.logger,
      prefetch: 200,
      batchSize: options.batchSize ?? 25,
      batchWaitMs: 5,
      maxConcurrentBatches: 2,
      retryBackoff: exponentialBackoff({ baseMs: 10, capMs: 100 }),
    }),
  );
  for (const worker of workers) {
    await worker.start();
  }
  const relay = createOutboxRelay({
    pool: h.db.pool,
    publisher,
    logger: h.logger,
    metrics: h.metrics,
    batchSize: 200,
    pollIntervalMs: 20,
    retentionMs: 60_000,
  });
  relay.start();
  const listener = await createSettledListener({
    pool: h.db.pool,
    channel: h.commands.settledChannel,
    logger: h.logger,
  });
  const app = await buildApp({
    logger: h.logger,
    registry: createMetricsRegistry('order-test'),
    findPrincipal: (token) => findPrincipalByToken(h.db.pool, token),
    submit: h.submitDeps,
    commands: h.commands,
    listener,
    maxWaitSeconds: 30,
    readinessChecks: {},
  });
  return {
    topology,
    connection,
    publisher,
    app,
    relay,
    workers,
    listener,
    async close() {
      await app.close();
      await Promise.all(workers.map((worker) => worker.stop()));
      await relay.stop();
      await listener.close();
      await publisher.close();
      await deleteQueues(connection, topology, h.regions.regions);
      await connection.close();
    },
  };
}

/** The order queue and every region's inventory queue, with their dead-letter queues. */
export function orderStackQueues(topology: Topology, regions: readonly string[]): string[] {
  return [orderQueue(topology).name, ...regions.map((region) => topology.queues.aggregatorInventoryIn(region).name)];
}

async function deleteQueues(connection: AmqpConnection, topology: Topology, regions: readonly string[]): Promise<void> {
  const channel = await connection.createConfirmChannel();
  for (const name of orderStackQueues(topology, regions)) {
    await channel.deleteQueue(name).catch(() => undefined);
    await channel.deleteQueue(topology.deadLetterQueueOf(name)).catch(() => undefined);
  }
  await channel.deleteExchange(topology.eventsExchange).catch(() => undefined);
  await channel.deleteExchange(topology.deadLetterExchange).catch(() => undefined);
  await channel.close().catch(() => undefined);
}

/** Polls until `check` holds (integration tests wait for asynchronous work, never for a fixed time). */
export async function eventually(check: () => Promise<boolean>, timeoutMs = 30_000, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`condition not met within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
