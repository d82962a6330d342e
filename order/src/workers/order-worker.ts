import {
  type AmqpConnection,
  type Backoff,
  type Consumer,
  createConsumer,
  isOutage,
  type Logger,
  orderQueue,
  orderSubmittedV1,
  type Topology,
} from '@fareflow/shared';

import type { OrderProcessor } from '../use-cases/process-orders';

export interface OrderWorkerDeps {
  connection: AmqpConnection;
  topology: Topology;
  processor: OrderProcessor;
  logger: Logger;
  prefetch: number;
  batchSize: number;
  batchWaitMs: number;
  maxConcurrentBatches: number;
  retryBackoff: Backoff;
}

/**
 * Consumes `order.submitted.v1` in batches and executes them. A message is acked only after its
 * order's outcome committed; a redelivery finds the order executed (or resumes it) and changes nothing.
 */
export function createOrderWorker(deps: OrderWorkerDeps): Consumer {
  return createConsumer({
    connection: deps.connection,
    topology: deps.topology,
    queue: orderQueue(deps.topology),
    schema: orderSubmittedV1,
    logger: deps.logger.child({ component: 'order-worker' }),
    prefetch: deps.prefetch,
    batchSize: deps.batchSize,
    batchWaitMs: deps.batchWaitMs,
    maxConcurrentBatches: deps.maxConcurrentBatches,
    retryBackoff: deps.retryBackoff,
    // A store restart or outage holds the batch instead of spending its deliveries.
    isOutage,
    handle: (batch) => deps.processor.process([...new Set(batch.map((delivery) => delivery.message.orderId))]),
  });
}
