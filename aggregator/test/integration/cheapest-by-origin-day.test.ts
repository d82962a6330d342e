import { createRegionResolver, decodeCheapestOffers, defaultRegionMapping, formatFlightId } from '@fareflow/shared';
import { createTestKeyspaces, type TestKeyspaces } from '@fareflow/shared/test/support/test-resources';

import { createCassandraCurrentFareStore } from '../../src/adapters/cassandra-current-fare.store';
import { planFareWrite } from '../../src/domain/fare-write';
import type { CurrentFareStore } from '../../src/domain/ports';
import { createRegionRouting } from '../../src/domain/region-routing';
import { planSeatChange } from '../../src/domain/seat-change';
import { TEST_RETENTION } from '../support/aggregator-harness';
import { futureDate, makeFareObservation, makeInventoryChanged } from '../support/fare-fixtures';

// Fresh keyspaces mean schema agreement on two Cassandra nodes: slow on a busy 2-core machine.
jest.setTimeout(120_000);

let keyspaces: TestKeyspaces;
let store: CurrentFareStore;
let policy: Parameters<typeof planFareWrite>[1];

beforeAll(async () => {
  keyspaces = await createTestKeyspaces();
  store = createCassandraCurrentFareStore({
    regions: keyspaces.stores,
    concurrencyLevel: 16,
    retention: TEST_RETENTION,
  });
  const routing = createRegionRouting(createRegionResolver(defaultRegionMapping), keyspaces.stores.keys());
  policy = { routing, nowMs: Date.now(), maxClockSkewMs: 60_000 };
});

afterAll(async () => {
  await keyspaces?.drop();
});

const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();
const flight = (origin: string, destination: string, flightNumber: string) => ({
  origin,
  destination,
  flightNumber,
  departureDate: futureDate(30),
});
const observe = (spec: ReturnType<typeof flight>, price: string, seats: number, ago: number, currency = 'EUR') =>
  planFareWrite(
    makeFareObservation(spec, { price, seatsAvailable: seats, observedAt: secondsAgo(ago), currency }),
    policy,
  ).current;
const seats = (spec: ReturnType<typeof flight>, seatsAvailable: number, ago: number) =>
  planSeatChange(
    makeInventoryChanged(formatFlightId({ carrier: 'LH', ...spec }), { seatsAvailable, changedAt: secondsAgo(ago) }),
    policy,
  );

/** The cheapest row of a route-day as `flightNumber price currency` strings; [] when there is none. */
async function cheapest(origin: string, destination: string): Promise<string[]> {
  const { client, keyspace } = keyspaces.store('eu');
  const row = (
    await client.execute(
      `SELECT cheapest FROM ${keyspace}.cheapest_by_origin_day WHERE origin = ? AND departure_date = ? AND destination = ?`,
      [origin, futureDate(30), destination],
      { prepare: true },
    )
  ).first();
  const text = row?.get('cheapest') as string | null | undefined;
  return text
    ? decodeCheapestOffers(text).map((offer) => `${offer.flightNumber} ${offer.price} ${offer.currency}`)
    : [];
}

describe('cheapest_by_origin_day, kept from offers_by_origin_day', () => {
  it('follows the cheapest bookable fare when it rises, sells out, and when every fare is sold out', async () => {
    const [a, b] = [flight('FRA', 'CDG', '1'), flight('FRA', 'CDG', '2')];
    await store.writeFares([observe(a, '100.00', 5, 60), observe(b, '120.00', 3, 60)]);
    expect(await cheapest('FRA', 'CDG')).toEqual(['1 100.00 EUR']);
    await store.writeFares([observe(a, '150.00', 5, 50)]);
    expect(await cheapest('FRA', 'CDG')).toEqual(['2 120.00 EUR']);
    await store.writeSeats([seats(b, 0, 40)]);
    expect(await cheapest('FRA', 'CDG')).toEqual(['1 150.00 EUR']);
    await store.writeSeats([seats(a, 0, 30)]);
    expect(await cheapest('FRA', 'CDG')).toEqual([]);
    // Late, older news changes nothing: the offers keep their newest cells, the cheapest follows them.
    await store.writeFares([observe(b, '50.00', 9, 55)]);
    expect(await cheapest('FRA', 'CDG')).toEqual([]);
    await store.writeFares([observe(b, '130.00', 2, 10)]);
    expect(await cheapest('FRA', 'CDG')).toEqual(['2 130.00 EUR']);
  });

  it('keeps one cheapest per currency and breaks price ties by departure, then flight id', async () => {
    const fares = [
      observe(flight('MUC', 'MAD', '7'), '80.00', 1, 20),
      observe(flight('MUC', 'MAD', '3'), '80.00', 1, 20),
      observe(flight('MUC', 'MAD', '9'), '70.00', 1, 20, 'USD'),
      observe(flight('MUC', 'MAD', '5'), '90.00', 1, 20),
    ];
    await store.writeFares(fares);
    expect(await cheapest('MUC', 'MAD')).toEqual(['3 80.00 EUR', '9 70.00 USD']);
  });

  it('ends right when writers of the same route and day race (each batch recomputes after its writes)', async () => {
    const specs = Array.from({ length: 12 }, (_unused, index) => flight('VIE', 'ZRH', String(10 + index)));
    const rounds = 5;
    for (let round = 0; round < rounds; round += 1) {
      // Separate concurrent calls, as two consumers would make them; every price rises each round.
      await Promise.all(
        specs.map((spec, index) => store.writeFares([observe(spec, `${200 + round * 10 + index}.00`, 4, 50 - round)])),
      );
    }
    const lastRound = rounds - 1;
    expect(await cheapest('VIE', 'ZRH')).toEqual([`10 ${200 + lastRound * 10}.00 EUR`]);
    await Promise.all([store.writeSeats([seats(specs[0]!, 0, 1)]), store.writeSeats([seats(specs[1]!, 0, 1)])]);
    expect(await cheapest('VIE', 'ZRH')).toEqual([`12 ${200 + lastRound * 10 + 2}.00 EUR`]);
  });
});
