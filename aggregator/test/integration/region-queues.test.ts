import { legacyRoutingKeys } from '@fareflow/shared';

import { createTestResources, startTestAggregator, type TestResources, waitFor } from '../support/aggregator-harness';
import { storedFares } from '../support/current-fare-reads';
import { makeFareObservation, makeInventoryChanged } from '../support/fare-fixtures';
import { createRegionOutage } from '../support/region-outage';

// Fresh keyspaces mean schema agreement on two Cassandra nodes: slow on a busy 2-core machine.
jest.setTimeout(120_000);

let resources: TestResources;

beforeAll(async () => {
  resources = await createTestResources();
});

afterAll(async () => {
  await resources?.close();
});

/** Seats of each stored flight of `carrier` in a region's keyspace. */
async function storedSeats(region: string, carrier: string): Promise<Map<string, number>> {
  const fares = await storedFares(resources.keyspaces.store(region));
  return new Map([...fares].filter(([flightId]) => flightId.startsWith(carrier)).map(([id, fare]) => [id, fare.seats]));
}

async function deadLetters(): Promise<number> {
  let count = 0;
  for (const region of resources.router.regions) {
    count += (await resources.drainDeadLetters(resources.topology.queues.aggregatorFaresIn(region).name)).length;
    count += (await resources.drainDeadLetters(resources.topology.queues.aggregatorInventoryIn(region).name)).length;
  }
  return count;
}

describe('a queue per region', () => {
  it("keeps writing the us region while eu is down, holds eu's messages, and writes them once eu is back", async () => {
    const outage = createRegionOutage();
    // Batches of 10, 2 at a time: 20 unacked eu messages fill an eu consumer's prefetch. Before the
    // per-region queues, the 40 eu messages published first held every slot and the us ones behind them waited.
    const running = await startTestAggregator(resources, { batchSize: 10, wrapCurrent: outage.wrap });
    try {
      outage.down.add('eu');
      const euFares = Array.from({ length: 40 }, (_, index) =>
        makeFareObservation({ carrier: 'EE', flightNumber: String(index + 1), origin: 'FRA', destination: 'JFK' }),
      );
      const usFares = Array.from({ length: 10 }, (_, index) =>
        makeFareObservation({ carrier: 'UU', flightNumber: String(index + 1), origin: 'JFK', destination: 'LHR' }),
      );
      for (const message of [...euFares, ...usFares]) {
        await resources.publishFare(message, message.observationId);
      }
      // eu stays down meanwhile: with one shared queue, its held batches would keep the us fares waiting.
      await waitFor('the us fares', async () =>
        (await storedSeats('us', 'UU')).size === usFares.length ? true : undefined,
      );

      const [euFlight, usFlight] = [euFares[0]?.flightId ?? '', usFares[0]?.flightId ?? ''];
      await resources.publishInventory(makeInventoryChanged(euFlight, { seatsAvailable: 2 }), 'inventory-eu');
      await resources.publishInventory(makeInventoryChanged(usFlight, { seatsAvailable: 3 }), 'inventory-us');
      await waitFor('the us seats', async () =>
        (await storedSeats('us', 'UU')).get(usFlight) === 3 ? true : undefined,
      );

      // eu: nothing stored, nothing dead-lettered, the consumer kept retrying its held batches in place.
      expect((await storedSeats('eu', 'EE')).size).toBe(0);
      expect(outage.failures.get('eu')).toBeGreaterThan(1);
      expect(await deadLetters()).toBe(0);

      outage.down.delete('eu');
      await waitFor('the eu fares and seats after the outage', async () => {
        const eu = await storedSeats('eu', 'EE');
        return eu.size === euFares.length && eu.get(euFlight) === 2 ? true : undefined;
      });
      const { rows } = await resources.db.pool.query<{ count: string }>(
        `SELECT count(DISTINCT observation_id) FROM price_observations WHERE carrier IN ('EE', 'UU')`,
      );
      expect(Number(rows[0]?.count)).toBe(euFares.length + usFares.length);
      expect(await deadLetters()).toBe(0);
      expect(running.metrics.deadLetters).toEqual([]);
      // A broker that never ran an earlier release gets no shared queue from us.
      expect(await resources.hasQueue(resources.topology.queues.legacyAggregatorFares.name)).toBe(false);
    } finally {
      await running.stop();
    }
  });

  it('drains the shared queues of an earlier release into the right regions', async () => {
    const { legacyAggregatorFares, legacyAggregatorInventory } = resources.topology.queues;
    // The broker as an earlier release left it: the shared queues, with messages under the unsuffixed keys.
    await resources.declare(legacyAggregatorFares);
    await resources.declare(legacyAggregatorInventory);
    const eu = makeFareObservation({ carrier: 'LL', flightNumber: '1', origin: 'CDG', destination: 'SFO' });
    const us = makeFareObservation({ carrier: 'LL', flightNumber: '2', origin: 'ORD', destination: 'MUC' });
    await resources.publishWithKey(legacyRoutingKeys.fareObservation, eu, eu.observationId);
    await resources.publishWithKey(legacyRoutingKeys.fareObservation, us, us.observationId);
    const seats = makeInventoryChanged(us.flightId, { seatsAvailable: 1 });
    await resources.publishWithKey(legacyRoutingKeys.inventoryChanged, seats, seats.eventId);

    const running = await startTestAggregator(resources);
    try {
      await waitFor('both legacy fares and the seat change', async () => {
        const [inEu, inUs] = [await storedSeats('eu', 'LL'), await storedSeats('us', 'LL')];
        return inEu.has(eu.flightId) && inUs.get(us.flightId) === 1 ? true : undefined;
      });
      expect([...(await storedSeats('eu', 'LL')).keys()]).toEqual([eu.flightId]);
      expect([...(await storedSeats('us', 'LL')).keys()]).toEqual([us.flightId]);
      expect(running.metrics.deadLetters).toEqual([]);
    } finally {
      await running.stop();
    }
  });
});
