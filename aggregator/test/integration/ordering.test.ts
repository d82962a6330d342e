import { decodeFareOfferCell } from '@fareflow/shared';

import {
  createTestResources,
  startTestAggregator,
  type TestAggregator,
  type TestResources,
  waitFor,
} from '../support/aggregator-harness';
import { makeFareObservation, makeInventoryChanged } from '../support/fare-fixtures';

// Fresh keyspaces mean schema agreement on two Cassandra nodes: slow on a busy 2-core machine.
jest.setTimeout(120_000);

let resources: TestResources;
let running: TestAggregator;

beforeAll(async () => {
  resources = await createTestResources();
  running = await startTestAggregator(resources);
});

afterAll(async () => {
  await running?.stop();
  await resources?.close();
});

const secondsAgo = (seconds: number) => new Date(Date.now() - seconds * 1000).toISOString();

async function committed(count: number): Promise<void> {
  await waitFor(`${count} committed messages`, async () =>
    running.metrics.committed.length >= count ? true : undefined,
  );
}

/** The row of a flight in each of the three tables of its region, then in offers_by_origin_day, as [price, seats]. */
async function currentRows(region: string, flightId: string, route: { origin: string; destination: string }) {
  const { client, keyspace } = resources.keyspaces.store(region);
  const date = flightId.slice(-18, -8);
  const queries = [
    [
      `SELECT price, seats_available FROM ${keyspace}.fares_by_flight WHERE flight_id = ? AND cabin = 'ECONOMY'`,
      [flightId],
    ],
    [
      `SELECT price, seats_available FROM ${keyspace}.fares_by_route WHERE origin = ? AND destination = ? AND departure_date = ? AND flight_id = ? AND cabin = 'ECONOMY'`,
      [route.origin, route.destination, date, flightId],
    ],
    [
      `SELECT price, seats_available FROM ${keyspace}.fares_by_origin WHERE origin = ? AND departure_date = ? AND destination = ? AND flight_id = ? AND cabin = 'ECONOMY'`,
      [route.origin, date, route.destination, flightId],
    ],
  ] as const;
  const rows = [];
  for (const [query, params] of queries) {
    const row = (await client.execute(query, [...params], { prepare: true })).first();
    rows.push([String(row?.get('price')), row?.get('seats_available') as number]);
  }
  const compact = (
    await client.execute(
      `SELECT offer, seats_available FROM ${keyspace}.offers_by_origin_day WHERE origin = ? AND departure_date = ? AND destination = ? AND flight_id = ? AND cabin = 'ECONOMY'`,
      [route.origin, date, route.destination, flightId],
      { prepare: true },
    )
  ).first();
  rows.push([
    String(decodeFareOfferCell(String(compact?.get('offer')))?.price),
    compact?.get('seats_available') as number,
  ]);
  return rows;
}

describe('messages delivered out of order', () => {
  it('leave Cassandra holding the newest observation in all three tables and the compact offers', async () => {
    const route = { origin: 'BOS', destination: 'LHR' };
    const newer = makeFareObservation(route, { price: '420.00', seatsAvailable: 4, observedAt: secondsAgo(10) });
    const older = makeFareObservation(route, { price: '390.00', seatsAvailable: 7, observedAt: secondsAgo(20) });
    await resources.publishFare(newer, newer.observationId);
    await committed(1);
    await resources.publishFare(older, older.observationId);
    await committed(2);
    expect(await currentRows('us', newer.flightId, route)).toEqual([
      ['420.00', 4],
      ['420.00', 4],
      ['420.00', 4],
      ['420.00', 4],
    ]);
    const { rows } = await resources.db.pool.query('SELECT price::text FROM price_observations WHERE flight_id = $1', [
      newer.flightId,
    ]);
    expect(rows).toHaveLength(2);
  });

  it('keep the newest seats: an older inventory change loses, a newer one wins without touching the price', async () => {
    const route = { origin: 'MUC', destination: 'ORD' };
    const fare = makeFareObservation(route, { price: '510.00', seatsAvailable: 9, observedAt: secondsAgo(30) });
    await resources.publishFare(fare, fare.observationId);
    await committed(3);
    const stale = makeInventoryChanged(fare.flightId, { seatsAvailable: 1, changedAt: secondsAgo(40) });
    await resources.publishInventory(stale, stale.eventId);
    await committed(4);
    expect(await currentRows('eu', fare.flightId, route)).toEqual([
      ['510.00', 9],
      ['510.00', 9],
      ['510.00', 9],
      ['510.00', 9],
    ]);
    const fresh = makeInventoryChanged(fare.flightId, { seatsAvailable: 8, changedAt: secondsAgo(5) });
    await resources.publishInventory(fresh, fresh.eventId);
    await committed(5);
    expect(await currentRows('eu', fare.flightId, route)).toEqual([
      ['510.00', 8],
      ['510.00', 8],
      ['510.00', 8],
      ['510.00', 8],
    ]);
  });
});
