import {
  type AmqpConnection,
  type Backoff,
  type Consumer,
  createConsumer,
  fareObservationV1,
  inventoryChangedV1,
  isOutage,
  type Logger,
  type Topology,
} from '@fareflow/shared';

import type { AggregatorMetrics, CurrentFareStore, PriceHistoryStore } from './domain/ports';
import type { RegionRouting } from './domain/region-routing';
import type { PartitionMaintenance } from './partition-maintenance';
import { createRecordFareObservations } from './use-cases/record-fare-observations';
import { createRecordInventoryChanges } from './use-cases/record-inventory-changes';

/** How one queue is consumed. In-flight messages are bounded by batchSize x maxConcurrentBatches. */
export interface BatchSettings {
  batchSize: number;
  batchWaitMs: number;
  maxConcurrentBatches: number;
}

export interface AggregatorDeps {
  connection: AmqpConnection;
  topology: Topology;
  logger: Logger;
  metrics: AggregatorMetrics;
  history: PriceHistoryStore;
  current: CurrentFareStore;
  routing: RegionRouting;
  partitions: PartitionMaintenance;
  fares: BatchSettings;
  inventory: BatchSettings;
  retryBackoff: Backoff;
  maxClockSkewMs: number;
  now: () => number;
}

export interface Aggregator {
  /** Creates the history partitions ahead, then starts both consumers. */
  start(): Promise<void>;
  /** Stops intake, finishes in-flight batches (acking them), closes the consumer channels. Idempotent. */
  stop(): Promise<void>;
}

/**
 * The aggregator as a start/stop-able unit: fare observations go to the price history and to
 * their region's current fares, inventory changes to their region's seats. The broker never
 * gives a consumer more than `batchSize x maxConcurrentBatches` unacked messages (prefetch), and
 * acks wait for the stores: a slow store slows intake instead of growing a buffer.
 */
export function createAggregator(deps: AggregatorDeps): Aggregator {
  const { topology, metrics } = deps;
  const faresQueue = topology.queues.aggregatorFares;
  const inventoryQueue = topology.queues.aggregatorInventory;
  const common = { maxClockSkewMs: deps.maxClockSkewMs, now: deps.now, routing: deps.routing, metrics };

  const consumers: Consumer[] = [
    createConsumer({
      connection: deps.connection,
      topology,
      queue: faresQueue,
      schema: fareObservationV1,
      logger: deps.logger.child({ component: 'fare-consumer' }),
      handle: createRecordFareObservations({
        ...common,
        history: deps.history,
        current: deps.current,
        queue: 'fares',
      }),
      ...consumerSettings(deps.fares),
      retryBackoff: deps.retryBackoff,
      // A store restart or outage holds the batch instead of spending its deliveries.
      isOutage,
      onDeadLettered: (reason) => metrics.countDeadLetter('fares', reason.code),
    }),
    createConsumer({
      connection: deps.connection,
      topology,
      queue: inventoryQueue,
      schema: inventoryChangedV1,
      logger: deps.logger.child({ component: 'inventory-consumer' }),
      handle: createRecordInventoryChanges({ ...common, current: deps.current, queue: 'inventory' }),
      ...consumerSettings(deps.inventory),
      retryBackoff: deps.retryBackoff,
      // A store restart or outage holds the batch instead of spending its deliveries.
      isOutage,
      onDeadLettered: (reason) => metrics.countDeadLetter('inventory', reason.code),
    }),
  ];
  let stopping: Promise<void> | undefined;

  return {
    async start() {
      await deps.partitions.start();
      for (const consumer of consumers) {
        await consumer.start();
      }
      deps.logger.info({ fares: faresQueue.name, inventory: inventoryQueue.name }, 'aggregator consuming');
    },
    stop() {
      stopping ??= (async () => {
        await Promise.all(consumers.map((consumer) => consumer.stop()));
        deps.partitions.stop();
        deps.logger.info('aggregator stopped');
      })();
      return stopping;
    },
  };
}

function consumerSettings(settings: BatchSettings) {
  return {
    batchSize: settings.batchSize,
    batchWaitMs: settings.batchWaitMs,
    maxConcurrentBatches: settings.maxConcurrentBatches,
    // Prefetch = the concurrency limit: every unacked message is in a batch being written or
    // waiting for a free slot; nothing more is buffered.
    prefetch: settings.batchSize * settings.maxConcurrentBatches,
  };
}
