import {
  type AmqpConnection,
  type Backoff,
  type Consumer,
  createConsumer,
  type DeadLetterReason,
  fareObservationV1,
  inventoryChangedV1,
  isOutage,
  type Logger,
  type QueueSpec,
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
  /** Regions whose queues this process consumes: one fare and one inventory consumer each. */
  regions: readonly string[];
  routing: RegionRouting;
  partitions: PartitionMaintenance;
  /** Per consumer, so per region: one region's queue never waits for another's batches. */
  fares: BatchSettings;
  inventory: BatchSettings;
  retryBackoff: Backoff;
  maxClockSkewMs: number;
  now: () => number;
}

export interface Aggregator {
  /** Creates the history partitions ahead, then starts every consumer. */
  start(): Promise<void>;
  /** Stops intake, finishes in-flight batches (acking them), closes the consumer channels. Idempotent. */
  stop(): Promise<void>;
}

/** One queue the aggregator consumes. */
interface QueueRole {
  queue: QueueSpec;
  /** Metric label and log scope: `fares.eu`, `inventory.us`, `fares.legacy`. */
  label: string;
  routing: RegionRouting;
  isDrainOnly: boolean;
}

/**
 * The aggregator as a start/stop-able unit: fare observations go to the price history and to
 * their region's current fares, inventory changes to their region's seats. Each region has its own
 * fare and inventory queue and consumer (own channel, prefetch and outage hold), so a region whose
 * datacenter is down holds only its own queues while the other regions' writes go on. The broker
 * never gives a consumer more than `batchSize x maxConcurrentBatches` unacked messages (prefetch),
 * and acks wait for the stores: a slow store slows intake instead of growing a buffer.
 */
export function createAggregator(deps: AggregatorDeps): Aggregator {
  const { queues } = deps.topology;
  /** The fare and the inventory consumer of one pair of queues. */
  const consumersOf = (
    scope: string,
    fares: QueueSpec,
    inventory: QueueSpec,
    routing: RegionRouting,
    isDrainOnly: boolean,
  ) => [
    createFareConsumer(deps, { queue: fares, label: `fares.${scope}`, routing, isDrainOnly }),
    createInventoryConsumer(deps, { queue: inventory, label: `inventory.${scope}`, routing, isDrainOnly }),
  ];
  const consumers: Consumer[] = [
    ...deps.regions.flatMap((region) =>
      consumersOf(
        region,
        queues.aggregatorFaresIn(region),
        queues.aggregatorInventoryIn(region),
        deps.routing.forQueue(region),
        false,
      ),
    ),
    // Migration from the queues shared by all regions (releases before regional routing): drained while
    // they exist on the broker, never declared. Remove once deployments have deleted them.
    ...consumersOf('legacy', queues.legacyAggregatorFares, queues.legacyAggregatorInventory, deps.routing, true),
  ];
  let stopping: Promise<void> | undefined;

  return {
    async start() {
      await deps.partitions.start();
      for (const consumer of consumers) {
        await consumer.start();
      }
      deps.logger.info({ regions: deps.regions }, 'aggregator consuming');
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

function createFareConsumer(deps: AggregatorDeps, role: QueueRole): Consumer {
  return createConsumer({
    ...commonOptions(deps, role),
    schema: fareObservationV1,
    logger: deps.logger.child({ component: 'fare-consumer', queue: role.queue.name }),
    handle: createRecordFareObservations({
      history: deps.history,
      current: deps.current,
      routing: role.routing,
      metrics: deps.metrics,
      queue: role.label,
      maxClockSkewMs: deps.maxClockSkewMs,
      now: deps.now,
    }),
    ...consumerSettings(deps.fares),
  });
}

function createInventoryConsumer(deps: AggregatorDeps, role: QueueRole): Consumer {
  return createConsumer({
    ...commonOptions(deps, role),
    schema: inventoryChangedV1,
    logger: deps.logger.child({ component: 'inventory-consumer', queue: role.queue.name }),
    handle: createRecordInventoryChanges({
      current: deps.current,
      routing: role.routing,
      metrics: deps.metrics,
      queue: role.label,
      maxClockSkewMs: deps.maxClockSkewMs,
      now: deps.now,
    }),
    ...consumerSettings(deps.inventory),
  });
}

function commonOptions(deps: AggregatorDeps, role: QueueRole) {
  return {
    connection: deps.connection,
    topology: deps.topology,
    queue: role.queue,
    isDrainOnly: role.isDrainOnly,
    retryBackoff: deps.retryBackoff,
    // A store restart or outage holds the batch instead of spending its deliveries.
    isOutage,
    onDeadLettered: (reason: DeadLetterReason) => deps.metrics.countDeadLetter(role.label, reason.code),
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
