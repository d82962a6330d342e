import { createTopology, legacyRoutingKeys, routingKeys } from '../../src/messages/topology';

/** What a RabbitMQ topic exchange does with a binding key: `*` is one word, `#` zero or more. */
function matches(bindingKey: string, routingKey: string): boolean {
  const pattern = bindingKey
    .split('.')
    .map((word) => (word === '#' ? '(\\.[^.]+)*' : `\\.${word === '*' ? '[^.]+' : word.replace(/[^a-z0-9]/g, '\\$&')}`))
    .join('');
  return new RegExp(`^${pattern}$`).test(`.${routingKey}`);
}

describe('regional routing keys', () => {
  it('add the region to the schema name', () => {
    expect(routingKeys.fareObservationIn('eu')).toBe('fare.observation.v1.eu');
    expect(routingKeys.inventoryChangedIn('us')).toBe('inventory.changed.v1.us');
  });

  it('refuse a region that would change what the key matches', () => {
    for (const region of ['', 'EU', 'eu.west', '*', '#', 'eu-west', 'a', 'abcdefghi', 'dead', 'legacy']) {
      expect(() => routingKeys.fareObservationIn(region)).toThrow(/not a region name/);
      expect(() => routingKeys.inventoryChangedIn(region)).toThrow(/not a region name/);
    }
  });

  it('let a consumer of every region bind one key that also takes the unsuffixed key of earlier releases', () => {
    const anyRegion = routingKeys.fareObservationAnyRegion;
    expect(matches(anyRegion, routingKeys.fareObservationIn('eu'))).toBe(true);
    expect(matches(anyRegion, routingKeys.fareObservationIn('apac'))).toBe(true);
    expect(matches(anyRegion, legacyRoutingKeys.fareObservation)).toBe(true);
    expect(matches(anyRegion, routingKeys.inventoryChangedIn('eu'))).toBe(false);
    expect(matches(anyRegion, 'fare.observation.v2.eu')).toBe(false);
    expect(matches(routingKeys.inventoryChangedAnyRegion, routingKeys.inventoryChangedIn('us'))).toBe(true);
    expect(matches(routingKeys.inventoryChangedAnyRegion, legacyRoutingKeys.inventoryChanged)).toBe(true);
  });

  it('keep the regions apart: a regional binding takes its own region only, the legacy one none', () => {
    const eu = createTopology('ff')
      .queues.aggregatorFaresIn('eu')
      .bindings.map((binding) => binding.routingKey);
    expect(eu).toEqual(['fare.observation.v1.eu']);
    expect(matches('fare.observation.v1.eu', routingKeys.fareObservationIn('us'))).toBe(false);
    expect(matches(legacyRoutingKeys.fareObservation, routingKeys.fareObservationIn('eu'))).toBe(false);
  });
});

describe('aggregator queues', () => {
  const topology = createTopology('ff');

  it('are one per region and kind, named after both', () => {
    expect(topology.queues.aggregatorFaresIn('eu')).toEqual({
      name: 'ff.aggregator.fares.eu',
      bindings: [{ exchange: 'ff.events', routingKey: 'fare.observation.v1.eu' }],
      deliveryLimit: 5,
    });
    expect(topology.queues.aggregatorInventoryIn('us')).toEqual({
      name: 'ff.aggregator.inventory.us',
      bindings: [{ exchange: 'ff.events', routingKey: 'inventory.changed.v1.us' }],
      deliveryLimit: 5,
    });
  });

  it('keep the names and bindings of the shared queues of earlier releases, for draining', () => {
    expect(topology.queues.legacyAggregatorFares.name).toBe('ff.aggregator.fares');
    expect(topology.queues.legacyAggregatorFares.bindings).toEqual([
      { exchange: 'ff.events', routingKey: 'fare.observation.v1' },
    ]);
    expect(topology.queues.legacyAggregatorInventory.name).toBe('ff.aggregator.inventory');
  });
});
