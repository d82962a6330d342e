import {
  type AmqpConnection,
  createPublisher,
  declareQueue,
  type Logger,
  PREORDER_REQUESTED_V1,
  preorderQueue,
  type Publisher,
  type Topology,
} from '@fareflow/shared';

import type { PreorderPublisher } from '../domain/ports';

export interface AmqpPreorderPublisher extends PreorderPublisher {
  close(): Promise<void>;
}

/**
 * Publishes `preorder.requested.v1` with publisher confirms. The order service's queue is
 * declared on every (re)connected channel, so a request is never routed into the void.
 */
export async function createAmqpPreorderPublisher(deps: {
  connection: AmqpConnection;
  topology: Topology;
  logger: Logger;
}): Promise<AmqpPreorderPublisher> {
  const publisher: Publisher = await createPublisher({
    connection: deps.connection,
    exchange: deps.topology.eventsExchange,
    logger: deps.logger,
    prepare: (channel) => declareQueue(channel, deps.topology, preorderQueue(deps.topology)),
  });
  return {
    publish: (request) => publisher.publish(PREORDER_REQUESTED_V1, request, { messageId: request.idempotencyKey }),
    close: () => publisher.close(),
  };
}
