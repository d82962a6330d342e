import {
  type AmqpConnection,
  type Backoff,
  type Consumer,
  createConsumer,
  isOutage,
  type Logger,
  preorderQueue,
  preorderRequestedV1,
  type Topology,
} from '@fareflow/shared';

import { handlePreorder, type PreorderDeps } from '../use-cases/handle-preorder';

export interface PreorderWorkerDeps {
  connection: AmqpConnection;
  topology: Topology;
  preorders: PreorderDeps;
  logger: Logger;
  retryBackoff: Backoff;
}

/** Consumes the predictor's `preorder.requested.v1`, one at a time (each is an airline purchase). */
export function createPreorderWorker(deps: PreorderWorkerDeps): Consumer {
  const logger = deps.logger.child({ component: 'preorder-worker' });
  return createConsumer({
    connection: deps.connection,
    topology: deps.topology,
    queue: preorderQueue(deps.topology),
    schema: preorderRequestedV1,
    logger,
    prefetch: 4,
    batchSize: 1,
    retryBackoff: deps.retryBackoff,
    // A store restart or outage holds the batch instead of spending its deliveries.
    isOutage,
    async handle(batch) {
      for (const delivery of batch) {
        const outcome = await handlePreorder(deps.preorders, delivery.message);
        logger.info({ key: delivery.message.idempotencyKey, outcome }, 'pre-order handled');
      }
    },
  });
}
