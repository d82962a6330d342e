import { connect } from 'node:net';

import { createRegionClient, type RegionStore } from '@fareflow/shared';
import type { FastifyInstance } from 'fastify';

import { buildFare } from '../support/fare-builder';
import { seedFares } from '../support/seed-fares';
import { buildTestApp, createBearer, EU_URL, US_URL } from '../support/test-app';
import { createResources, type Resources } from '../support/test-resources';

// Nothing listens here (checked below): the eu datacenter as seen from an eu app whose node is gone.
const DEAD_HOST = '127.0.0.3';
const DEAD_PORT = 19_042;

function isListening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

// Real services on two shared cores can need longer than the root 60 s limit.
jest.setTimeout(120_000);
describe('regions', () => {
  let resources: Resources;
  let usApp: FastifyInstance;
  let euApp: FastifyInstance;
  let deadStore: RegionStore;
  let authorization: string;

  beforeAll(async () => {
    resources = await createResources();
    const { keyspaces, db } = resources;
    await seedFares(keyspaces.store('us'), [
      buildFare({ origin: 'JFK', destination: 'MIA', departs: '2026-12-01T10:00' }),
    ]);
    usApp = await buildTestApp({ store: keyspaces.store('us'), db: db.pool });
    deadStore = createRegionClient('eu', {
      regions: { eu: { contactPoints: [`${DEAD_HOST}:${DEAD_PORT}`], localDataCenter: 'eu' } },
      keyspacePrefix: keyspaces.prefix,
    });
    euApp = await buildTestApp({ store: deadStore, db: db.pool });
    authorization = await createBearer(db.pool, 'regions');
  });

  afterAll(async () => {
    await usApp?.close();
    await euApp?.close();
    await deadStore?.client.shutdown();
    await resources?.release();
  });

  it('redirects (307) a route whose origin belongs to another region, keeping path and query', async () => {
    const query = '/v1/fares?origin=FRA&destination=JFK&date=2026-12-01&maxStops=1';
    const toEu = await usApp.inject({ url: query, headers: { authorization } });
    expect(toEu.statusCode).toBe(307);
    expect(toEu.headers.location).toBe(`${EU_URL}${query}`);
    expect(toEu.headers['content-type']).toContain('application/json');
    expect(toEu.json()).toEqual({
      error: { code: 'WRONG_REGION', message: expect.stringContaining(EU_URL), field: 'origin' },
      region: 'eu',
      baseUrl: EU_URL,
      location: `${EU_URL}${query}`,
    });
    const streamQuery = '/v1/fares/stream?origin=FRA&destination=JFK&date=2026-12-01';
    const stream = await usApp.inject({ url: streamQuery, headers: { authorization } });
    expect(stream.statusCode).toBe(307);
    expect(stream.json()).toMatchObject({ region: 'eu', location: `${EU_URL}${streamQuery}` });
    const toUs = await euApp.inject({
      url: '/v1/destinations?origin=JFK&from=2026-12-01&to=2026-12-02',
      headers: { authorization },
    });
    expect(toUs.statusCode).toBe(307);
    expect(toUs.headers.location).toBe(`${US_URL}/v1/destinations?origin=JFK&from=2026-12-01&to=2026-12-02`);
  });

  it('lists each region with its base URL and origin airports, to a key with availability:read only', async () => {
    expect((await usApp.inject({ url: '/v1/regions' })).statusCode).toBe(401);
    const ordersOnly = await createBearer(resources.db.pool, 'orders-only', ['orders:read']);
    expect((await usApp.inject({ url: '/v1/regions', headers: { authorization: ordersOnly } })).statusCode).toBe(403);
    const response = await usApp.inject({ url: '/v1/regions', headers: { authorization } });
    expect(response.statusCode).toBe(200);
    const body = response.json() as {
      region: string;
      regions: { region: string; baseUrl: string; airports: string[] }[];
    };
    expect(body.region).toBe('us');
    expect(body.regions.map((entry) => [entry.region, entry.baseUrl])).toEqual([
      ['eu', EU_URL],
      ['us', US_URL],
    ]);
    const airportsOf = (region: string) => body.regions.find((entry) => entry.region === region)?.airports ?? [];
    expect(airportsOf('us')).toEqual(expect.arrayContaining(['JFK', 'LAX', 'GRU']));
    expect(airportsOf('eu')).toEqual(expect.arrayContaining(['FRA', 'LHR']));
    expect(airportsOf('us')).not.toContain('FRA');
    // The eu API (whose store is down) gives the same directory: it needs no store.
    const fromEu = (await euApp.inject({ url: '/v1/regions', headers: { authorization } })).json() as typeof body;
    expect(fromEu.regions).toEqual(body.regions);
    expect((await usApp.inject({ url: '/v1/regions?x=1', headers: { authorization } })).statusCode).toBe(400);
  });

  it('keeps the us API answering while the eu store is down, and the eu API answers 503 and is not ready', async () => {
    expect(await isListening(DEAD_HOST, DEAD_PORT)).toBe(false);
    const [eu, us] = await Promise.all([
      euApp.inject({ url: '/v1/fares?origin=FRA&destination=LHR&date=2026-12-01', headers: { authorization } }),
      usApp.inject({ url: '/v1/fares?origin=JFK&destination=MIA&date=2026-12-01', headers: { authorization } }),
    ]);
    expect(eu.statusCode).toBe(503);
    expect(eu.headers['retry-after']).toBe('1');
    expect(eu.json()).toEqual({
      error: { code: 'STORE_UNAVAILABLE', message: 'the eu fare store is unavailable; retry shortly' },
    });
    expect(us.statusCode).toBe(200);
    expect(us.json()).toMatchObject({ region: 'us', results: [{ flightId: 'LH400-2026-12-01-JFK-MIA' }] });

    for (const url of [
      '/v1/destinations?origin=FRA&from=2026-12-01&to=2026-12-03',
      '/v1/dates?origin=FRA&destination=LHR&from=2026-12-01&to=2026-12-03',
      '/v1/insights?origin=FRA&destination=LHR&date=2026-12-01',
    ]) {
      expect((await euApp.inject({ url, headers: { authorization } })).statusCode).toBe(503);
    }
    const ready = await euApp.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toMatchObject({ status: 'not_ready', checks: { cassandra: { ok: false } } });
    expect((await euApp.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await usApp.inject({ url: '/readyz' })).statusCode).toBe(200);
  });
});
