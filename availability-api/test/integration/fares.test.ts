import type { FastifyInstance } from 'fastify';

import type { Fare } from '../../src/domain/fare';
import { type FaresResponse, faresResponse } from '../../src/schemas/fares';
import { buildFare } from '../support/fare-builder';
import { seedFares } from '../support/seed-fares';
import { buildTestApp, createBearer } from '../support/test-app';
import { createResources, type Resources } from '../support/test-resources';

const DATE = '2026-12-01';
const PAGED_FLIGHTS = 1_150;

// A busy route (JFK-LAX) with more than 1,000 economy fares, many sharing a price.
const busyRoute: Fare[] = Array.from({ length: PAGED_FLIGHTS }, (_unused, index) =>
  buildFare({
    carrier: 'AA',
    flightNumber: String(1_000 + index),
    origin: 'JFK',
    destination: 'LAX',
    departs: `${DATE}T${String(index % 24).padStart(2, '0')}:${String(index % 60).padStart(2, '0')}`,
    durationMinutes: 300 + (index % 13) * 5,
    price: `${150 + (index % 37)}.${String(index % 100).padStart(2, '0')}`,
  }),
);
const business = buildFare({
  carrier: 'AA',
  flightNumber: '1',
  origin: 'JFK',
  destination: 'LAX',
  departs: `${DATE}T07:00`,
  cabin: 'BUSINESS',
  price: '899.90',
});
// BOS -> ORD -> SFO (1 stop) and BOS -> ORD -> DEN -> SEA (2 stops), with one connection too tight to make.
const bosOrd = buildFare({
  carrier: 'UA',
  flightNumber: '10',
  origin: 'BOS',
  destination: 'ORD',
  departs: `${DATE}T08:00`,
  durationMinutes: 120,
  price: '120.10',
});
const ordSfo = buildFare({
  carrier: 'UA',
  flightNumber: '20',
  origin: 'ORD',
  destination: 'SFO',
  departs: `${DATE}T11:00`,
  durationMinutes: 240,
  price: '80.905',
});
const ordSfoTight = buildFare({
  carrier: 'UA',
  flightNumber: '22',
  origin: 'ORD',
  destination: 'SFO',
  departs: `${DATE}T10:20`,
  price: '1.00',
});
const ordDen = buildFare({
  carrier: 'UA',
  flightNumber: '30',
  origin: 'ORD',
  destination: 'DEN',
  departs: `${DATE}T11:30`,
  durationMinutes: 150,
  price: '60.00',
});
const denSea = buildFare({
  carrier: 'UA',
  flightNumber: '40',
  origin: 'DEN',
  destination: 'SEA',
  departs: `${DATE}T15:00`,
  durationMinutes: 160,
  price: '70.00',
});
const bosSfoDirect = buildFare({
  carrier: 'B6',
  flightNumber: '50',
  origin: 'BOS',
  destination: 'SFO',
  departs: `${DATE}T09:00`,
  durationMinutes: 390,
  price: '129.90',
});

// Real services on two shared cores can need longer than the root 60 s limit.
jest.setTimeout(120_000);
describe('GET /v1/fares', () => {
  let resources: Resources;
  let app: FastifyInstance;
  let authorization: string;

  beforeAll(async () => {
    resources = await createResources();
    const { keyspaces, db } = resources;
    await seedFares(keyspaces.store('us'), [
      ...busyRoute,
      business,
      bosOrd,
      ordSfo,
      ordSfoTight,
      ordDen,
      denSea,
      bosSfoDirect,
    ]);
    app = await buildTestApp({ store: keyspaces.store('us'), db: db.pool });
    authorization = await createBearer(db.pool, 'fares-reader');
  });

  afterAll(async () => {
    await app?.close();
    await resources?.release();
  });

  const get = async (query: string) => {
    const response = await app.inject({ url: `/v1/fares?${query}`, headers: { authorization } });
    return { status: response.statusCode, body: response.json() as FaresResponse & { error?: { field?: string } } };
  };

  it('returns direct flights with stable ids, exact decimal prices and the documented shape', async () => {
    const { status, body } = await get(`origin=BOS&destination=SFO&date=${DATE}`);
    expect(status).toBe(200);
    expect(faresResponse.parse(body)).toEqual(body);
    expect(body.results).toHaveLength(1);
    expect(body.results[0]).toMatchObject({
      flightId: 'B650-2026-12-01-BOS-SFO',
      cabin: 'ECONOMY',
      price: { amount: '129.90', currency: 'EUR' },
      stops: 0,
      durationMinutes: 390,
      departureUtc: '2026-12-01T09:00:00.000Z',
      legs: [{ flightId: 'B650-2026-12-01-BOS-SFO', seatsAvailable: 9 }],
    });
    expect(body.nextCursor).toBeNull();
  });

  it('builds connections up to maxStops with the minimum connection time, priced as the exact sum', async () => {
    const oneStop = await get(`origin=BOS&destination=SFO&date=${DATE}&maxStops=1`);
    expect(oneStop.body.results.map((offer) => [offer.flightId, offer.price.amount])).toEqual([
      ['B650-2026-12-01-BOS-SFO', '129.90'],
      [`${bosOrd.flightId}+${ordSfo.flightId}`, '201.005'],
    ]);
    expect(oneStop.body.results[1]).toMatchObject({ stops: 1, seatsAvailable: 9, durationMinutes: 420 });
    expect((await get(`origin=BOS&destination=SEA&date=${DATE}&maxStops=1`)).body.results).toEqual([]);
    const twoStops = await get(`origin=BOS&destination=SEA&date=${DATE}&maxStops=2`);
    expect(twoStops.body.results.map((offer) => offer.flightId)).toEqual([
      [bosOrd, ordDen, denSea].map((fare) => fare.flightId).join('+'),
    ]);
    expect(twoStops.body.results[0]?.price.amount).toBe('250.10');
  });

  it('filters by cabin and sorts by duration and departure', async () => {
    const businessOnly = await get(`origin=JFK&destination=LAX&date=${DATE}&cabin=BUSINESS`);
    expect(businessOnly.body.results.map((offer) => offer.price.amount)).toEqual(['899.90']);
    const byDuration = await get(`origin=JFK&destination=LAX&date=${DATE}&sort=duration&limit=50`);
    const durations = byDuration.body.results.map((offer) => offer.durationMinutes);
    expect(durations).toEqual([...durations].sort((a, b) => a - b));
    const byDeparture = await get(`origin=JFK&destination=LAX&date=${DATE}&sort=departure&limit=50`);
    const departures = byDeparture.body.results.map((offer) => offer.departureUtc);
    expect(departures).toEqual([...departures].sort());
  });

  it.each(['price', 'departure'])(
    'pages through more than 1,000 results sorted by %s with no gap or duplicate',
    async (sort) => {
      const seen: string[] = [];
      const prices: number[] = [];
      let cursor: string | null = null;
      do {
        const cursorParam: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
        const page = await get(
          `origin=JFK&destination=LAX&date=${DATE}&cabin=ECONOMY&sort=${sort}&limit=100${cursorParam}`,
        );
        expect(page.status).toBe(200);
        seen.push(...page.body.results.map((offer) => offer.flightId));
        prices.push(...page.body.results.map((offer) => Number(offer.price.amount)));
        cursor = page.body.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(PAGED_FLIGHTS);
      expect(new Set(seen)).toEqual(new Set(busyRoute.map((fare) => fare.flightId)));
      if (sort === 'price') {
        expect(prices).toEqual([...prices].sort((a, b) => a - b));
      }
    },
  );

  it('refuses a malformed cursor, a forged one, and one from another query, naming the cursor', async () => {
    const first = await get(`origin=JFK&destination=LAX&date=${DATE}&limit=10`);
    const cursor = encodeURIComponent(first.body.nextCursor ?? '');
    for (const query of [
      `origin=JFK&destination=LAX&date=${DATE}&cursor=not-a-cursor`,
      `origin=JFK&destination=LAX&date=${DATE}&cursor=${cursor}x`,
      `origin=JFK&destination=LAX&date=${DATE}&sort=duration&cursor=${cursor}`,
    ]) {
      const response = await get(query);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'VALIDATION', field: 'cursor' });
    }
  });

  it.each([
    ['origin=jfk&destination=LAX&date=2026-12-01', 'origin'],
    ['origin=ZZZ&destination=LAX&date=2026-12-01', 'origin'],
    ['origin=JFK&destination=JFK&date=2026-12-01', 'destination'],
    ['origin=JFK&destination=LAX&date=2026-02-30', 'date'],
    ['origin=JFK&destination=LAX', 'date'],
    ['origin=JFK&destination=LAX&date=2026-12-01&limit=0', 'limit'],
    ['origin=JFK&destination=LAX&date=2026-12-01&limit=101', 'limit'],
    ['origin=JFK&destination=LAX&date=2026-12-01&maxStops=4', 'maxStops'],
    ['origin=JFK&destination=LAX&date=2026-12-01&sort=cheapest', 'sort'],
    ['origin=JFK&destination=LAX&date=2026-12-01&cabin=COACH', 'cabin'],
    ['origin=JFK&destination=LAX&date=2026-12-01&foo=1', 'foo'],
    ['origin=JFK&origin=BOS&destination=LAX&date=2026-12-01', 'origin'],
  ])('answers 400 naming the field for %s', async (query, field) => {
    const response = await get(query);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'VALIDATION', field });
  });

  it('publishes an OpenAPI 3 document generated from the schemas, and Swagger UI at /docs', async () => {
    const spec = (await app.inject({ url: '/docs/json' })).json() as {
      openapi: string;
      paths: Record<string, unknown>;
    };
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/v1/fares', '/v1/destinations', '/v1/dates', '/v1/insights', '/v1/fares/stream']),
    );
    expect(JSON.stringify(spec.paths['/v1/fares'])).toContain('maxStops');
    expect((await app.inject({ url: '/docs' })).statusCode).toBeLessThan(400);
  });
});
