import type { FastifyInstance } from 'fastify';

import type { Fare } from '../../src/domain/fare';
import { type FaresResponse, faresResponse } from '../../src/schemas/fares';
import { buildFare } from '../support/fare-builder';
import { seedFares } from '../support/seed-fares';
import { buildTestApp, createBearer } from '../support/test-app';
import { createResources, type Resources } from '../support/test-resources';

const DATE = '2026-12-01';
const CARRIERS = ['AA', 'UA', 'DL', 'WN'];

// ATL -> DEN: 120 direct flights, four airlines, 1-9 seats, many equal prices, two currencies.
const busyRoute: Fare[] = Array.from({ length: 120 }, (_unused, index) =>
  buildFare({
    carrier: CARRIERS[index % CARRIERS.length],
    flightNumber: String(100 + index),
    origin: 'ATL',
    destination: 'DEN',
    departs: `${DATE}T${String(index % 24).padStart(2, '0')}:${String((index * 7) % 60).padStart(2, '0')}`,
    durationMinutes: 150 + (index % 9) * 10,
    price: `${200 + (index % 11) * 25}.${index % 3 === 0 ? '50' : '00'}`,
    currency: index % 10 === 0 ? 'EUR' : 'USD',
    seatsAvailable: 1 + (index % 9),
  }),
);
// ATL -> ORD -> DEN: a one-stop trip on two airlines.
const atlOrd = buildFare({
  carrier: 'AA',
  flightNumber: '1',
  origin: 'ATL',
  destination: 'ORD',
  departs: `${DATE}T06:00`,
});
const ordDen = buildFare({
  carrier: 'UA',
  flightNumber: '2',
  origin: 'ORD',
  destination: 'DEN',
  departs: `${DATE}T09:00`,
});
// BOS -> MSP -> DFW -> PHX -> SEA: only reachable with three stops.
const threeStopLegs = [
  buildFare({
    carrier: 'DL',
    flightNumber: '31',
    origin: 'BOS',
    destination: 'MSP',
    departs: `${DATE}T06:00`,
    price: '99.99',
  }),
  buildFare({
    carrier: 'AA',
    flightNumber: '32',
    origin: 'MSP',
    destination: 'DFW',
    departs: `${DATE}T09:00`,
    price: '80.005',
  }),
  buildFare({
    carrier: 'AA',
    flightNumber: '33',
    origin: 'DFW',
    destination: 'PHX',
    departs: `${DATE}T12:00`,
    price: '70.00',
  }),
  buildFare({
    carrier: 'WN',
    flightNumber: '34',
    origin: 'PHX',
    destination: 'SEA',
    departs: `${DATE}T15:00`,
    price: '50.00',
    seatsAvailable: 3,
  }),
];

type Body = FaresResponse & { error?: { code?: string; field?: string } };

// Real services on two shared cores can need longer than the root 60 s limit.
jest.setTimeout(120_000);
describe('GET /v1/fares filters', () => {
  let resources: Resources;
  let app: FastifyInstance;
  let authorization: string;

  beforeAll(async () => {
    resources = await createResources();
    const { keyspaces, db } = resources;
    await seedFares(keyspaces.store('us'), [...busyRoute, atlOrd, ordDen, ...threeStopLegs]);
    app = await buildTestApp({ store: keyspaces.store('us'), db: db.pool });
    authorization = await createBearer(db.pool, 'filter-reader');
  });

  afterAll(async () => {
    await app?.close();
    await resources?.release();
  });

  const get = async (query: string) => {
    const response = await app.inject({ url: `/v1/fares?${query}`, headers: { authorization } });
    return { status: response.statusCode, body: response.json() as Body };
  };

  /** Every page of a search, following nextCursor, checking each page against the schema. */
  const getAll = async (query: string) => {
    const results: FaresResponse['results'] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const cursorParam: string = cursor ? `&cursor=${encodeURIComponent(cursor)}` : '';
      const page = await get(`${query}${cursorParam}`);
      expect(page.status).toBe(200);
      expect(faresResponse.parse(page.body)).toEqual(page.body);
      results.push(...page.body.results);
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor);
    return { results, pages };
  };

  const route = `origin=ATL&destination=DEN&date=${DATE}`;

  it('keeps only results whose every leg is flown by the listed carriers (include rule)', async () => {
    const { results } = await getAll(`${route}&maxStops=1&carriers=UA,AA&limit=100`);
    const expected = busyRoute.filter((fare) => ['AA', 'UA'].includes(fare.carrier)).map((fare) => fare.flightId);
    expect(results.map((offer) => offer.flightId).sort()).toEqual(
      [...expected, `${atlOrd.flightId}+${ordDen.flightId}`].sort(),
    );
    const onlyAa = await getAll(`${route}&maxStops=1&carriers=AA&limit=100`);
    expect(onlyAa.results.every((offer) => offer.legs.every((leg) => leg.carrier === 'AA'))).toBe(true);
    expect(onlyAa.results.map((offer) => offer.flightId)).not.toContain(`${atlOrd.flightId}+${ordDen.flightId}`);
  });

  it('drops results with any leg flown by an excluded carrier (exclude rule)', async () => {
    const { results } = await getAll(`${route}&maxStops=1&excludeCarriers=UA&limit=100`);
    expect(results.every((offer) => offer.legs.every((leg) => leg.carrier !== 'UA'))).toBe(true);
    expect(results).toHaveLength(busyRoute.filter((fare) => fare.carrier !== 'UA').length);
  });

  it('compares maxPrice per passenger within each result’s own currency, or in one currency when asked', async () => {
    const { results } = await getAll(`${route}&maxPrice=250&limit=100`);
    const expected = busyRoute.filter((fare) => Number(fare.price) <= 250);
    expect(results).toHaveLength(expected.length);
    expect(new Set(results.map((offer) => offer.price.currency))).toEqual(new Set(['USD', 'EUR']));
    expect(results.every((offer) => Number(offer.unitPrice.amount) <= 250)).toBe(true);
    const euros = await getAll(`${route}&maxPrice=250.00&currency=EUR&limit=100`);
    expect(euros.results.map((offer) => offer.flightId).sort()).toEqual(
      expected
        .filter((fare) => fare.currency === 'EUR')
        .map((fare) => fare.flightId)
        .sort(),
    );
    // The limit itself is included: 200.50 is in, 200.49 leaves it out.
    const exact = await getAll(`${route}&maxPrice=200.50&limit=100`);
    expect(exact.results.some((offer) => offer.price.amount === '200.50')).toBe(true);
    const below = await getAll(`${route}&maxPrice=200.49&limit=100`);
    expect(below.results.every((offer) => offer.price.amount === '200.00')).toBe(true);
  });

  it('offers a party only flights with enough seats on every leg, with the exact total price', async () => {
    const { results } = await getAll(`${route}&passengers=4&limit=100`);
    expect(results).toHaveLength(busyRoute.filter((fare) => fare.seatsAvailable >= 4).length);
    for (const offer of results) {
      expect(offer.seatsAvailable).toBeGreaterThanOrEqual(4);
      expect(offer.passengers).toBe(4);
      expect(offer.unitPrice).toEqual(offer.price);
      const cents = Math.round(Number(offer.unitPrice.amount) * 100) * 4;
      expect(offer.totalPrice).toEqual({ amount: (cents / 100).toFixed(2), currency: offer.price.currency });
    }
    const three = await get(`origin=BOS&destination=SEA&date=${DATE}&maxStops=3&passengers=3`);
    expect(three.body.results[0]?.totalPrice.amount).toBe('899.985');
    expect((await get(`origin=BOS&destination=SEA&date=${DATE}&maxStops=3&passengers=4`)).body.results).toEqual([]);
  });

  it('finds a three-stop trip with maxStops=3 only, priced as the exact sum', async () => {
    expect((await get(`origin=BOS&destination=SEA&date=${DATE}&maxStops=2`)).body.results).toEqual([]);
    const { status, body } = await get(`origin=BOS&destination=SEA&date=${DATE}&maxStops=3`);
    expect(status).toBe(200);
    expect(body.results).toHaveLength(1);
    expect(body.results[0]).toMatchObject({
      flightId: threeStopLegs.map((leg) => leg.flightId).join('+'),
      stops: 3,
      price: { amount: '299.995', currency: 'EUR' },
      seatsAvailable: 3,
      legs: threeStopLegs.map((leg) => ({ flightId: leg.flightId, carrier: leg.carrier })),
    });
    expect(body.results[0]?.offerId).toEqual(expect.any(String));
    const noWn = await get(`origin=BOS&destination=SEA&date=${DATE}&maxStops=3&excludeCarriers=WN`);
    expect(noWn.body.results).toEqual([]);
  });

  it('sorts by arrival', async () => {
    const { results } = await getAll(`${route}&sort=arrival&limit=50`);
    const arrivals = results.map((offer) => offer.arrivalUtc);
    expect(arrivals).toEqual([...arrivals].sort());
    expect(results).toHaveLength(busyRoute.length);
  });

  it.each([
    ['carriers=AA,UA,DL&passengers=2&maxPrice=300&sort=arrival', 7],
    ['excludeCarriers=WN&currency=USD&sort=duration', 9],
    ['carriers=DL,WN&maxPrice=275.50&sort=departure&passengers=3', 4],
    ['passengers=5&sort=price', 11],
  ])('pages %s with no gap or duplicate', async (filters, limit) => {
    const { results, pages } = await getAll(`${route}&maxStops=1&${filters}&limit=${limit}`);
    const params = new URLSearchParams(filters);
    const list = (name: string) => params.get(name)?.split(',');
    const [carriers, excluded] = [list('carriers'), list('excludeCarriers')];
    const maxPrice = Number(params.get('maxPrice') ?? Infinity);
    const passengers = Number(params.get('passengers') ?? 1);
    const currency = params.get('currency');
    const expected = busyRoute.filter(
      (fare) =>
        (!carriers || carriers.includes(fare.carrier)) &&
        (!excluded || !excluded.includes(fare.carrier)) &&
        Number(fare.price) <= maxPrice &&
        fare.seatsAvailable >= passengers &&
        (!currency || fare.currency === currency),
    );
    const ids = results.map((offer) => offer.flightId).filter((id) => !id.includes('+'));
    expect(ids).toHaveLength(expected.length);
    expect(new Set(ids)).toEqual(new Set(expected.map((fare) => fare.flightId)));
    expect(new Set(results.map((offer) => offer.flightId)).size).toBe(results.length);
    expect(pages).toBe(Math.max(1, Math.ceil(results.length / limit)));
  });

  it('refuses a cursor from the same search with any filter changed', async () => {
    const base = `${route}&carriers=AA,UA&excludeCarriers=DL&maxPrice=400&currency=USD&passengers=2&maxStops=1&sort=arrival&limit=5`;
    const first = await get(base);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const cursor = encodeURIComponent(first.body.nextCursor ?? '');
    expect((await get(`${base}&cursor=${cursor}`)).status).toBe(200);
    // The same lists in another order are the same search.
    const reordered = base.replace('carriers=AA,UA', 'carriers=UA,AA').replace('maxPrice=400', 'maxPrice=400.00');
    expect((await get(`${reordered}&cursor=${cursor}`)).status).toBe(200);
    for (const [from, to] of [
      ['carriers=AA,UA', 'carriers=AA'],
      ['excludeCarriers=DL', 'excludeCarriers=WN'],
      ['maxPrice=400', 'maxPrice=401'],
      ['currency=USD', 'currency=EUR'],
      ['passengers=2', 'passengers=3'],
      ['maxStops=1', 'maxStops=2'],
      ['sort=arrival', 'sort=departure'],
    ] as const) {
      const response = await get(`${base.replace(from, to)}&cursor=${cursor}`);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatchObject({ code: 'VALIDATION', field: 'cursor' });
    }
  });

  it.each([
    ['carriers=aa', 'carriers'],
    ['carriers=AAA', 'carriers'],
    ['carriers=', 'carriers'],
    ['carriers=AA,,UA', 'carriers'],
    ['excludeCarriers=AA;UA', 'excludeCarriers'],
    ['carriers=AA&excludeCarriers=AA', 'excludeCarriers'],
    ['maxPrice=-1', 'maxPrice'],
    ['maxPrice=1e3', 'maxPrice'],
    ['currency=usd', 'currency'],
    ['passengers=0', 'passengers'],
    ['passengers=10', 'passengers'],
    ['maxStops=4', 'maxStops'],
    ['sort=arrivals', 'sort'],
    ['carrier=AA', 'carrier'],
  ])('answers 400 naming the field for %s', async (filters, field) => {
    const response = await get(`${route}&${filters}`);
    expect(response.status).toBe(400);
    expect(response.body.error).toMatchObject({ code: 'VALIDATION', field });
  });

  it('documents every parameter in the OpenAPI document', async () => {
    const spec = JSON.stringify((await app.inject({ url: '/docs/json' })).json());
    for (const name of ['carriers', 'excludeCarriers', 'maxPrice', 'currency', 'passengers', 'totalPrice', 'arrival']) {
      expect(spec).toContain(name);
    }
  });
});
