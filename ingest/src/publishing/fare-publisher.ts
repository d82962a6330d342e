import {
  type AmqpConnection,
  createPublisher,
  declareQueue,
  type Logger,
  type Publisher,
  type RegionRouter,
  type Topology,
} from '@fareflow/shared';

/**
 * The publisher of fare observations to the events exchange (publisher confirms). It declares the
 * aggregator's fare queue of every region on each channel, so that no observation is published into the void.
 */
export function createFarePublisher(deps: {
  connection: AmqpConnection;
  topology: Topology;
  regions: RegionRouter;
  logger: Logger;
}): Promise<Publisher> {
  const { topology } = deps;
  return createPublisher({
    connection: deps.connection,
    exchange: topology.eventsExchange,
    logger: deps.logger.child({ component: 'fare-publisher' }),
    prepare: async (channel) => {
      for (const region of deps.regions.regions) {
        await declareQueue(channel, topology, topology.queues.aggregatorFaresIn(region));
      }
    },
  });
}
