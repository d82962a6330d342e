import { PermanentError } from '../errors/app-error';
import { isRegionName } from '../geo/region-mapping';
import { FARE_OBSERVATION_V1 } from './fare-observation';
import { INVENTORY_CHANGED_V1 } from './inventory-changed';

/**
 * Names of Fareflow's exchanges, routing keys and queues. Every name carries a prefix so that
 * several stacks, or tests, can share one broker without seeing each other's messages.
 */

function regional(schema: string, region: string): string {
  // A dot, `*` or `#` in a region would change what the key matches on a topic exchange.
  if (!isRegionName(region)) {
    throw new PermanentError(
      'INVALID_REGION',
      `"${region}" is not a region name (2-8 lower-case letters, not "dead" or "legacy")`,
    );
  }
  return `${schema}.${region}`;
}

/**
 * Routing keys of the messages whose flight belongs to a region: `<schema>.<region>`, so that each
 * region has its own aggregator queue and one region's outage holds only that queue.
 */
export const routingKeys = {
  /** `fare.observation.v1.<region>`: ingest publishes each observation under its flight's region. */
  fareObservationIn: (region: string): string => regional(FARE_OBSERVATION_V1, region),
  /** `inventory.changed.v1.<region>`: the order service's outbox rows, per flight's region. */
  inventoryChangedIn: (region: string): string => regional(INVENTORY_CHANGED_V1, region),
  /**
   * Binding of a consumer that wants every region. `#` (zero or more words), not `*` (exactly one):
   * it also matches the unsuffixed `fare.observation.v1` that producers of earlier releases still
   * publish during a rolling upgrade (and any outbox row written before it), so no fare is missed.
   */
  fareObservationAnyRegion: `${FARE_OBSERVATION_V1}.#`,
  inventoryChangedAnyRegion: `${INVENTORY_CHANGED_V1}.#`,
} as const;

/**
 * The routing keys of releases before regional routing (no region). Nothing publishes them any more;
 * only the legacy queues that the aggregator drains are bound to them. Remove with those queues.
 */
export const legacyRoutingKeys = {
  fareObservation: FARE_OBSERVATION_V1,
  inventoryChanged: INVENTORY_CHANGED_V1,
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
    /** `<prefix>.aggregator.fares.<region>`, bound to `fare.observation.v1.<region>`. */
    aggregatorFaresIn(region: string): QueueSpec;
    /** `<prefix>.aggregator.inventory.<region>`, bound to `inventory.changed.v1.<region>`. */
    aggregatorInventoryIn(region: string): QueueSpec;
    /**
     * The aggregator's queues of earlier releases, shared by every region (`<prefix>.aggregator.fares`,
     * `<prefix>.aggregator.inventory`). Never declared any more: the aggregator drains them while they
     * exist on the broker, until an operator deletes them (see the aggregator's README).
     */
    legacyAggregatorFares: QueueSpec;
    legacyAggregatorInventory: QueueSpec;
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
      aggregatorFaresIn: (region) => queue(`aggregator.fares.${region}`, [routingKeys.fareObservationIn(region)]),
      aggregatorInventoryIn: (region) =>
        queue(`aggregator.inventory.${region}`, [routingKeys.inventoryChangedIn(region)]),
      legacyAggregatorFares: queue('aggregator.fares', [legacyRoutingKeys.fareObservation]),
      legacyAggregatorInventory: queue('aggregator.inventory', [legacyRoutingKeys.inventoryChanged]),
    },
  };
}
