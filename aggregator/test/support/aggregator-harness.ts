import {
  createAmqpConnection,
  createPublisher,
  createRegionResolver,
  createRegionRouter,
  createTopology,
  declareQueue,
  defaultRegionMapping,
  type Logger,
  type Publisher,
  queueExists,
  type QueueSpec,
  type RegionRouter,
  routingKeys,
  type Topology,
} from '@fareflow/shared';
import {
  createTestDatabase,
  createTestKeyspaces,
  silentLogger,
  TEST_AMQP_URL,
  type TestDatabase,
  type TestKeyspaces,
  uniqueName,
} from '@fareflow/shared/test/support/test-resources';
import type { GetMessage } from 'amqplib';

import { createCassandraCurrentFareStore } from '../../src/adapters/cassandra-current-fare.store';
import { createPgPriceHistoryStore } from '../../src/adapters/pg-price-history.store';
import { type Aggregator, createAggregator } from '../../src/app';
import type { CurrentFareStore } from '../../src/domain/ports';
import { createRegionRouting } from '../../src/domain/region-routing';
import { createPartitionMaintenance } from '../../src/partition-maintenance';
import { FakeMetrics } from './fakes';

/** Real PostgreSQL schema, Cassandra keyspaces and AMQP prefix for one test file. */
export interface TestResources {
  db: TestDatabase;
  keyspaces: TestKeyspaces;
  amqpPrefix: string;
  topology: Topology;
  logger: Logger;
  publisher: Publisher;
  /** Where producers send each flight (the default mapping); `regions` are the queues' regions. */
  router: RegionRouter;
  /** Publishes under the region of the message's origin airport, as ingest does. */
  publishFare(message: unknown, messageId?: string): Promise<void>;
  /** Publishes under the region of the flight id's origin, as the order service's outbox does. */
  publishInventory(message: unknown, messageId?: string): Promise<void>;
  /** Publishes with the routing key given (a misrouted message, a producer of an earlier release). */
  publishWithKey(routingKey: string, message: unknown, messageId: string): Promise<void>;
  /** Takes the messages now waiting in a dead-letter queue. */
  drainDeadLetters(queueName: string): Promise<GetMessage[]>;
  /** Declares a queue as a producer would (e.g. the shared queue of an earlier release). */
  declare(queue: QueueSpec): Promise<void>;
  /** Whether the queue exists on the broker (never creates it). */
  hasQueue(queueName: string): Promise<boolean>;
  close(): Promise<void>;
}

export async function createTestResources(): Promise<TestResources> {
  const logger = silentLogger();
  const [db, keyspaces] = await Promise.all([createTestDatabase(), createTestKeyspaces()]);
  const amqpPrefix = uniqueName('t-');
  const topology = createTopology(amqpPrefix);
  const router = createRegionRouter(defaultRegionMapping);
  const connection = createAmqpConnection({ url: TEST_AMQP_URL, logger, connectionName: 'aggregator-test' });
  await connection.start();
  const publisher = await createPublisher({
    connection,
    exchange: topology.eventsExchange,
    logger,
    prepare: async (channel) => {
      for (const region of router.regions) {
        await declareQueue(channel, topology, topology.queues.aggregatorFaresIn(region));
        await declareQueue(channel, topology, topology.queues.aggregatorInventoryIn(region));
      }
    },
  });
  const inspector = await connection.createConfirmChannel();
  return {
    db,
    keyspaces,
    amqpPrefix,
    topology,
    logger,
    publisher,
    router,
    publishFare: (message, messageId = 'fare') =>
      publisher.publish(routingKeys.fareObservationIn(router.regionOfAirport(fieldOf(message, 'origin'))), message, {
        messageId,
      }),
    publishInventory: (message, messageId = 'inventory') =>
      publisher.publish(routingKeys.inventoryChangedIn(router.regionOfFlight(fieldOf(message, 'flightId'))), message, {
        messageId,
      }),
    publishWithKey: (routingKey, message, messageId) => publisher.publish(routingKey, message, { messageId }),
    async drainDeadLetters(queueName) {
      const taken: GetMessage[] = [];
      for (;;) {
        const message = await inspector.get(topology.deadLetterQueueOf(queueName), { noAck: true });
        if (message === false) {
          return taken;
        }
        taken.push(message);
      }
    },
    declare: (queue) => declareQueue(inspector, topology, queue),
    hasQueue: (queueName) => queueExists(connection, queueName),
    async close() {
      const { queues } = topology;
      const regional = router.regions.flatMap((region) => [
        queues.aggregatorFaresIn(region),
        queues.aggregatorInventoryIn(region),
      ]);
      for (const queue of [...regional, queues.legacyAggregatorFares, queues.legacyAggregatorInventory]) {
        await inspector.deleteQueue(queue.name).catch(() => undefined);
        await inspector.deleteQueue(topology.deadLetterQueueOf(queue.name)).catch(() => undefined);
      }
      await inspector.deleteExchange(topology.eventsExchange).catch(() => undefined);
      await inspector.deleteExchange(topology.deadLetterExchange).catch(() => undefined);
      await publisher.close();
      await connection.close();
      await Promise.all([db.drop(), keyspaces.drop()]);
    },
  };
}

export interface TestAggregator {
  aggregator: Aggregator;
  metrics: FakeMetrics;
  stop(): Promise<void>;
}

/** Rows outlive departures by 6 hours, counted on the real clock (fixtures depart in the future). */
export const TEST_RETENTION = { graceMs: 6 * 60 * 60_000, nowMs: () => Date.now() };

/** The aggregator wired in-process to the test resources; `wrapCurrent` lets a test inject failures. */
export async function startTestAggregator(
  resources: TestResources,
  options: { wrapCurrent?: (store: CurrentFareStore) => CurrentFareStore; batchSize?: number } = {},
): Promise<TestAggregator> {
  const { logger, db, keyspaces } = resources;
  const connection = createAmqpConnection({ url: TEST_AMQP_URL, logger, connectionName: 'aggregator-under-test' });
  await connection.start();
  const metrics = new FakeMetrics();
  const history = createPgPriceHistoryStore({ pool: db.pool, logger });
  const current = createCassandraCurrentFareStore({
    regions: keyspaces.stores,
    concurrencyLevel: 32,
    retention: TEST_RETENTION,
  });
  const batch = { batchSize: options.batchSize ?? 50, batchWaitMs: 10, maxConcurrentBatches: 2 };
  const aggregator = createAggregator({
    connection,
    topology: resources.topology,
    logger,
    metrics,
    history,
    current: options.wrapCurrent ? options.wrapCurrent(current) : current,
    regions: resources.router.regions,
    routing: createRegionRouting(createRegionResolver(defaultRegionMapping), keyspaces.stores.keys()),
    partitions: createPartitionMaintenance({
      store: history,
      logger,
      monthsAhead: 2,
      intervalMs: 60_000,
      now: Date.now,
    }),
    fares: batch,
    inventory: batch,
    retryBackoff: () => 20,
    maxClockSkewMs: 60_000,
    now: Date.now,
  });
  await aggregator.start();
  return {
    aggregator,
    metrics,
    async stop() {
      await aggregator.stop();
      await connection.close();
    },
  };
}

/** A string field of a message that may be invalid ('' if absent: routed to the default region). */
function fieldOf(message: unknown, field: string): string {
  const value =
    typeof message === 'object' && message !== null ? (message as Record<string, unknown>)[field] : undefined;
  return typeof value === 'string' ? value : '';
}

/** Polls `check` until it returns a value other than undefined. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) {
      return value;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
