import type { Delivery, FareObservation } from '@fareflow/shared';

import { planFareWrite } from '../domain/fare-write';
import type { AggregatorMetrics, CurrentFareStore, PriceHistoryStore } from '../domain/ports';
import type { RegionRouting } from '../domain/region-routing';
import { commitAll, lagsOf, timed } from './commit-all';

export interface RecordFareObservationsDeps {
  history: PriceHistoryStore;
  current: CurrentFareStore;
  routing: RegionRouting;
  metrics: AggregatorMetrics;
  /** Metric label of the queue. */
  queue: string;
  maxClockSkewMs: number;
  now: () => number;
}

/**
 * Writes a batch of fare observations to the history and to each flight's region, and resolves
 * only when both committed (the consumer then acks). Every message is checked before anything is
 * written: one the aggregator must refuse fails the batch with a permanent error, and the consumer
 * retries the batch message by message, dead-lettering only that one. Replays are harmless: the
 * history skips known observation ids and Cassandra keeps the newest write timestamp.
 */
export function createRecordFareObservations(deps: RecordFareObservationsDeps) {
  const { history, current, metrics, queue } = deps;
  return async (batch: readonly Delivery<FareObservation>[]): Promise<void> => {
    metrics.observeBatch(queue, batch.length);
    const policy = { routing: deps.routing, nowMs: deps.now(), maxClockSkewMs: deps.maxClockSkewMs };
    const writes = batch.map((delivery) => planFareWrite(delivery.message, policy));
    await commitAll([
      timed(metrics, 'postgres', () => history.append(writes.map((write) => write.history))),
      timed(metrics, 'cassandra', () => current.writeFares(writes.map((write) => write.current))),
    ]);
    metrics.observeCommitted(
      queue,
      lagsOf(
        batch.map((delivery) => delivery.message.observedAt),
        deps.now(),
      ),
    );
  };
}
