import {
  type AmqpConnection,
  type Backoff,
  type Consumer,
  createConsumer,
  fareObservationV1,
  isOutage,
  type Logger,
  routingKeys,
  type Topology,
} from '@fareflow/shared';
import type { Pool } from 'pg';

import { applyFareObservations } from '../adapters/inventory-fares.repository';

export interface FareFeedWorkerDeps {
  connection: AmqpConnection;
  topology: Topology;
  pool: Pool;
  logger: Logger;
  /** Oversell limit of flights that enter inventory through their first fare. */
  defaultOversellLimit: number;
  retryBackoff: Backoff;
}

/**
 * Keeps inventory prices (what orders are charged) and live airline seats current from the
 * ingest's `fare.observation.v1`, on the order service's own queue, which takes every region
 * (`fare.observation.v1.#`). Idempotent: replays and older observations change nothing.
 */
export function createFareFeedWorker(deps: FareFeedWorkerDeps): Consumer {
  return createConsumer({
    connection: deps.connection,
    topology: deps.topology,
    queue: deps.topology.queue('order.fares', [routingKeys.fareObservationAnyRegion]),
    schema: fareObservationV1,
    logger: deps.logger.child({ component: 'fare-feed' }),
    prefetch: 1_000,
    batchSize: 500,
    batchWaitMs: 50,
    retryBackoff: deps.retryBackoff,
    // A store restart or outage holds the batch instead of spending its deliveries.
    isOutage,
    handle: async (batch) => {
      await applyFareObservations(
        deps.pool,
        batch.map((delivery) => delivery.message),
        deps.defaultOversellLimit,
      );
    },
  });
}
