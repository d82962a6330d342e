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

/** A flight's [price, seats] in `fares_by_route` and in `offers_by_origin_day`, the two tables the aggregator writes per fare. */
async function currentRows(region: string, flightId: string, route: { origin: string; destination: string }) {
  const { client, keyspace } = resources.keyspaces.store(region);
  const date = flightId.slice(-18, -8);
  const wide = (
    await client.execute(
      `SELECT price, seats_available FROM ${keyspace}.fares_by_route WHERE origin = ? AND destination = ? AND departure_date = ? AND flight_id = ? AND cabin = 'ECONOMY'`,
      [route.origin, route.destination, date, flightId],
      { prepare: true },
    )
  ).first();
  const compact = (
    await client.execute(
      `SELECT offer, seats_available FROM ${keyspace}.offers_by_origin_day WHERE origin = ? AND departure_date = ? AND destination = ? AND flight_id = ? AND cabin = 'ECONOMY'`,
      [route.origin, date, route.destination, flightId],
      { prepare: true },
    )
  ).first();
  return {
    byRoute: [String(wide?.get('price')), wide?.get('seats_available') as number],
    offers: [
      String(decodeFareOfferCell(String(compact?.get('offer')))?.price),
      compact?.get('seats_available') as number,
    ],
  };
}

/** Rows in the tables of 001 that nothing reads any more, and that the aggregator no longer writes. */
async function unreadTableRows(region: string): Promise<number> {
  const { client, keyspace } = resources.keyspaces.store(region);
  let rows = 0;
  for (const table of ['fares_by_origin', 'fares_by_flight']) {
    rows += (await client.execute(`SELECT flight_id FROM ${keyspace}.${table} LIMIT 10`)).rowLength;
  }
  return rows;
}

describe('messages delivered out of order', () => {
  it('leave Cassandra holding the newest observation in the route table and the compact offers', async () => {
    const route = { origin: 'BOS', destination: 'LHR' };
    const newer = makeFareObservation(route, { price: '420.00', seatsAvailable: 4, observedAt: secondsAgo(10) });
    const older = makeFareObservation(route, { price: '390.00', seatsAvailable: 7, observedAt: secondsAgo(20) });
    await resources.publishFare(newer, newer.observationId);
    await committed(1);
    await resources.publishFare(older, older.observationId);
    await committed(2);
    expect(await currentRows('us', newer.flightId, route)).toEqual({ byRoute: ['420.00', 4], offers: ['420.00', 4] });
    expect(await unreadTableRows('us')).toBe(0);
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
    expect(await currentRows('eu', fare.flightId, route)).toEqual({
      byRoute: ['510.00', 9],
      offers: ['510.00', 9],
    });
    const fresh = makeInventoryChanged(fare.flightId, { seatsAvailable: 8, changedAt: secondsAgo(5) });
    await resources.publishInventory(fresh, fresh.eventId);
    await committed(5);
    expect(await currentRows('eu', fare.flightId, route)).toEqual({
      byRoute: ['510.00', 8],
      offers: ['510.00', 8],
    });
  });
});
