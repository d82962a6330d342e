import type { Delivery, InventoryChanged } from '@fareflow/shared';

import type { AggregatorMetrics, CurrentFareStore } from '../domain/ports';
import type { RegionRouting } from '../domain/region-routing';
import { planSeatChange } from '../domain/seat-change';
import { commitAll, lagsOf, timed } from './commit-all';

export interface RecordInventoryChangesDeps {
  current: CurrentFareStore;
  routing: RegionRouting;
  metrics: AggregatorMetrics;
  queue: string;
  maxClockSkewMs: number;
  now: () => number;
}

/**
 * Applies seat counts from the order service to each flight's region (seats only, timestamped
 * with `changedAt`). The price history records fare observations only, so Cassandra is the one
 * store here; the batch resolves once every write was acknowledged.
 */
export function createRecordInventoryChanges(deps: RecordInventoryChangesDeps) {
  const { current, metrics, queue } = deps;
  return async (batch: readonly Delivery<InventoryChanged>[]): Promise<void> => {
    metrics.observeBatch(queue, batch.length);
    const policy = { routing: deps.routing, nowMs: deps.now(), maxClockSkewMs: deps.maxClockSkewMs };
    const changes = batch.map((delivery) => planSeatChange(delivery.message, policy));
    await commitAll([timed(metrics, 'cassandra', () => current.writeSeats(changes))]);
    metrics.observeCommitted(
      queue,
      lagsOf(
        batch.map((delivery) => delivery.message.changedAt),
        deps.now(),
      ),
    );
  };
}
