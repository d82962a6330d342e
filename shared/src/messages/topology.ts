/**
 * Names of Fareflow's exchanges, routing keys and queues. Every name carries a prefix so that
 * several stacks, or tests, can share one broker without seeing each other's messages.
 */
export const routingKeys = {
  fareObservation: 'fare.observation.v1',
  inventoryChanged: 'inventory.changed.v1',
} as const;

export interface QueueBinding {
  exchange: string;
  routingKey: string;
}

export interface QueueSpec {
  name: string;
  bindings: QueueBinding[];
  /** Deliveries after which the broker dead-letters a message that keeps failing or crashing us. */
  deliveryLimit: number;
}

export interface Topology {
  /** Topic exchange for domain events (fare observations, inventory changes, orders). */
  eventsExchange: string;
  /** Direct exchange for dead letters; routing key = the source queue's name. */
  deadLetterExchange: string;
  queue(name: string, routingKeysToBind: string[], deliveryLimit?: number): QueueSpec;
  deadLetterQueueOf(queueName: string): string;
  /** Queues that producers and consumers both declare, so nothing is published into the void. */
  queues: {
    aggregatorFares: QueueSpec;
    aggregatorInventory: QueueSpec;
  };
}

export function createTopology(prefix: string): Topology {
  const eventsExchange = `${prefix}.events`;
  const queue: Topology['queue'] = (name, keys, deliveryLimit = 5) => ({
    name: `${prefix}.${name}`,
    bindings: keys.map((routingKey) => ({ exchange: eventsExchange, routingKey })),
    deliveryLimit,
  });
  return {
    eventsExchange,
    deadLetterExchange: `${prefix}.dead-letter`,
    queue,
    deadLetterQueueOf: (queueName) => `${queueName}.dead`,
    queues: {
      aggregatorFares: queue('aggregator.fares', [routingKeys.fareObservation]),
      aggregatorInventory: queue('aggregator.inventory', [routingKeys.inventoryChanged]),
    },
  };
}
