import { createRegionResolver, defaultRegionMapping } from '@fareflow/shared';
import { createTestKeyspaces, type TestKeyspaces } from '@fareflow/shared/test/support/test-resources';

import { createCassandraCurrentFareStore } from '../../src/adapters/cassandra-current-fare.store';
import { planFareWrite } from '../../src/domain/fare-write';
import { createRegionRouting } from '../../src/domain/region-routing';
import { planSeatChange } from '../../src/domain/seat-change';
import { storedFare } from '../support/current-fare-reads';
import { makeFareObservation, makeInventoryChanged } from '../support/fare-fixtures';

const HOUR = 3_600_000;

let keyspaces: TestKeyspaces;
beforeAll(async () => {
  keyspaces = await createTestKeyspaces();
});
afterAll(async () => {
  await keyspaces?.drop();
});

/** A fare of flight `flightNumber` (FRA-CDG, region eu) departing at `departureUtcMs`, observed a second ago. */
function fareDeparting(flightNumber: string, departureUtcMs: number) {
  const departureUtc = new Date(departureUtcMs).toISOString();
  const departureDate = departureUtc.slice(0, 10);
  const observation = makeFareObservation(
    { origin: 'FRA', destination: 'CDG', flightNumber, departureDate },
    {
      departureUtc,
      arrivalUtc: new Date(departureUtcMs + HOUR).toISOString(),
      observedAt: new Date(Date.now() - 1000).toISOString(),
    },
  );
  const routing = createRegionRouting(createRegionResolver(defaultRegionMapping), keyspaces.stores.keys());
  const policy = { routing, nowMs: Date.now(), maxClockSkewMs: 60_000 };
  return { observation, current: planFareWrite(observation, policy).current, policy };
}

async function ttlOf(
  flightId: string,
  departureDate: string,
): Promise<{ route: number; offer: number; seats: number }> {
  const { client, keyspace } = keyspaces.store('eu');
  const route = (
    await client.execute(
      `SELECT TTL(price) AS ttl FROM ${keyspace}.fares_by_route
        WHERE origin = 'FRA' AND destination = 'CDG' AND departure_date = ? AND flight_id = ? AND cabin = 'ECONOMY'`,
      [departureDate, flightId],
      { prepare: true },
    )
  ).first();
  const offer = (
    await client.execute(
      `SELECT TTL(offer) AS offer_ttl, TTL(seats_available) AS seats_ttl FROM ${keyspace}.offers_by_origin_day
        WHERE origin = 'FRA' AND departure_date = ? AND destination = 'CDG' AND flight_id = ? AND cabin = 'ECONOMY'`,
      [departureDate, flightId],
      { prepare: true },
    )
  ).first();
  return {
    route: Number(route?.get('ttl')),
    offer: Number(offer?.get('offer_ttl')),
    seats: Number(offer?.get('seats_ttl')),
  };
}

describe('a flight leaves the current store on its own after departure', () => {
  it('writes every fare cell with a TTL of the time to departure plus the grace', async () => {
    const departure = Date.now() + 5 * HOUR;
    const { observation, current } = fareDeparting('71', departure);
    const store = createCassandraCurrentFareStore({
      regions: keyspaces.stores,
      concurrencyLevel: 8,
      retention: { graceMs: 2 * HOUR, nowMs: () => Date.now() },
    });
    await store.writeFares([current]);
    const expected = (departure + 2 * HOUR - Date.now()) / 1000;
    const ttl = await ttlOf(observation.flightId, observation.departureUtc.slice(0, 10));
    for (const seconds of [ttl.route, ttl.offer, ttl.seats]) {
      expect(seconds).toBeGreaterThan(expected - 120);
      expect(seconds).toBeLessThanOrEqual(Math.ceil(expected) + 1);
    }
  });

  it('forgets a flight once its departure plus the grace has passed', async () => {
    const { observation, current, policy } = fareDeparting('72', Date.now() + 3_000);
    const store = createCassandraCurrentFareStore({
      regions: keyspaces.stores,
      concurrencyLevel: 8,
      retention: { graceMs: 0, nowMs: () => Date.now() },
    });
    await store.writeFares([current]);
    await store.writeSeats([planSeatChange(makeInventoryChanged(observation.flightId, { seatsAvailable: 2 }), policy)]);
    expect(await storedFare(keyspaces.store('eu'), observation.flightId, 'ECONOMY')).toEqual({
      price: '129.90',
      seats: 2,
    });
    await new Promise((resolve) => setTimeout(resolve, 4_500));
    const after = await storedFare(keyspaces.store('eu'), observation.flightId, 'ECONOMY');
    // The fare's cells have expired; only the seats cell (kept until the end of the day) may remain, without a price.
    expect(after === undefined || after.price === 'null').toBe(true);
  });

  it('does not write a fare of a flight that left before the grace', async () => {
    const { observation, current } = fareDeparting('73', Date.now() - 3 * HOUR);
    const store = createCassandraCurrentFareStore({
      regions: keyspaces.stores,
      concurrencyLevel: 8,
      retention: { graceMs: 2 * HOUR, nowMs: () => Date.now() },
    });
    await store.writeFares([current]);
    expect(await storedFare(keyspaces.store('eu'), observation.flightId, 'ECONOMY')).toBeUndefined();
  });
});
