import { types } from 'cassandra-driver';
import type { FastifyInstance } from 'fastify';

import { datesResponse } from '../../src/schemas/dates';
import { destinationsResponse } from '../../src/schemas/destinations';
import { insightsResponse, NO_FORECAST } from '../../src/schemas/insights';
import { buildFare } from '../support/fare-builder';
import { seedFares } from '../support/seed-fares';
import { buildTestApp, createBearer } from '../support/test-app';
import { createResources, type Resources } from '../support/test-resources';

const fares = [
  buildFare({
    carrier: 'AA',
    flightNumber: '1',
    origin: 'MIA',
    destination: 'JFK',
    departs: '2026-12-01T08:00',
    price: '210.00',
  }),
  buildFare({
    carrier: 'AA',
    flightNumber: '2',
    origin: 'MIA',
    destination: 'JFK',
    departs: '2026-12-02T08:00',
    price: '189.50',
  }),
  buildFare({
    carrier: 'AA',
    flightNumber: '3',
    origin: 'MIA',
    destination: 'JFK',
    departs: '2026-12-02T12:00',
    price: '250.00',
  }),
  buildFare({
    carrier: 'AA',
    flightNumber: '4',
    origin: 'MIA',
    destination: 'JFK',
    departs: '2026-12-03T08:00',
    price: '99.00',
    seatsAvailable: 0,
  }),
  buildFare({
    carrier: 'AA',
    flightNumber: '5',
    origin: 'MIA',
    destination: 'JFK',
    departs: '2026-12-05T08:00',
    price: '175.25',
  }),
  buildFare({
    carrier: 'AA',
    flightNumber: '6',
    origin: 'MIA',
    destination: 'BOS',
    departs: '2026-12-02T09:00',
    price: '140.00',
  }),
  buildFare({
    carrier: 'AA',
    flightNumber: '7',
    origin: 'MIA',
    destination: 'ATL',
    departs: '2026-12-04T09:00',
    price: '79.99',
  }),
  buildFare({
    carrier: 'AA',
    flightNumber: '8',
    origin: 'MIA',
    destination: 'ATL',
    departs: '2026-12-09T09:00',
    price: '19.99',
  }),
];

// Real services on two shared cores can need longer than the root 60 s limit.
jest.setTimeout(120_000);
describe('destinations, cheapest dates and insights', () => {
  let resources: Resources;
  let app: FastifyInstance;
  let authorization: string;

  beforeAll(async () => {
    resources = await createResources();
    const { keyspaces, db } = resources;
    const store = keyspaces.store('us');
    await seedFares(store, fares);
    await store.client.execute(
      `INSERT INTO ${store.keyspace}.price_insights (origin, destination, departure_date, currency, band_min, band_q1,
         band_median, band_q3, band_max, band_samples, expected_lowest_price, expected_lowest_date, rise_probability_7d,
         advice, advice_confidence, model_version, computed_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [
        'MIA',
        'JFK',
        '2026-12-02',
        'EUR',
        ...['150.00', '180.00', '200.00', '220.00', '260.00'].map((amount) => types.BigDecimal.fromString(amount)),
        42,
        types.BigDecimal.fromString('170.00'),
        '2026-11-20',
        0.7,
        'wait',
        0.8,
        'v1',
        new Date('2026-11-01T00:00:00Z'),
      ],
      { prepare: true },
    );
    app = await buildTestApp({ store, db: db.pool });
    authorization = await createBearer(db.pool, 'reader');
  });

  afterAll(async () => {
    await app?.close();
    await resources?.release();
  });

  const get = async (url: string) => {
    const response = await app.inject({ url, headers: { authorization } });
    return { status: response.statusCode, body: response.json() as Record<string, unknown> };
  };

  it('lists the cheapest bookable fare per destination in the window, cheapest first, under maxPrice', async () => {
    const { status, body } = await get('/v1/destinations?origin=MIA&from=2026-12-01&to=2026-12-05');
    expect(status).toBe(200);
    const parsed = destinationsResponse.parse(body);
    expect(parsed.destinations.map((entry) => [entry.destination, entry.price.amount, entry.departureDate])).toEqual([
      ['ATL', '79.99', '2026-12-04'],
      ['BOS', '140.00', '2026-12-02'],
      ['JFK', '175.25', '2026-12-05'],
    ]);
    const capped = destinationsResponse.parse(
      (await get('/v1/destinations?origin=MIA&from=2026-12-01&to=2026-12-05&maxPrice=150&limit=1')).body,
    );
    expect(capped.destinations.map((entry) => entry.destination)).toEqual(['ATL']);
  });

  it('lists the cheapest fare per departure day, skipping sold-out fares and empty days', async () => {
    const { status, body } = await get('/v1/dates?origin=MIA&destination=JFK&from=2026-12-01&to=2026-12-06');
    expect(status).toBe(200);
    expect(datesResponse.parse(body).days.map((day) => [day.date, day.price.amount])).toEqual([
      ['2026-12-01', '210.00'],
      ['2026-12-02', '189.50'],
      ['2026-12-05', '175.25'],
    ]);
  });

  it("labels today's fare against the band and returns the forecast and advice", async () => {
    const { status, body } = await get('/v1/insights?origin=MIA&destination=JFK&date=2026-12-02');
    expect(status).toBe(200);
    expect(insightsResponse.parse(body)).toMatchObject({
      band: {
        currency: 'EUR',
        min: '150.00',
        q1: '180.00',
        median: '200.00',
        q3: '220.00',
        max: '260.00',
        samples: 42,
      },
      currentFare: {
        price: { amount: '189.50', currency: 'EUR' },
        flightId: 'AA2-2026-12-02-MIA-JFK',
        label: 'typical',
      },
      forecast: { expectedLowestPrice: { amount: '170.00', currency: 'EUR' }, advice: 'wait', confidence: 0.8 },
      message: null,
    });
  });

  it('says "no forecast yet" (not an error) when the predictor has nothing for the day', async () => {
    const { status, body } = await get('/v1/insights?origin=MIA&destination=JFK&date=2026-12-01');
    expect(status).toBe(200);
    expect(body).toMatchObject({
      band: null,
      forecast: null,
      message: NO_FORECAST,
      currentFare: { price: { amount: '210.00' }, label: null },
    });
  });

  it.each([
    ['/v1/destinations?origin=MIA&from=2026-12-05&to=2026-12-01', 'to'],
    ['/v1/destinations?origin=MIA&from=2026-12-01&to=2027-03-01', 'to'],
    ['/v1/destinations?origin=MIA&from=2026-12-01&to=2026-12-02&maxPrice=-1', 'maxPrice'],
    ['/v1/destinations?origin=MIA&from=2026-12-01&to=2026-12-02&limit=500', 'limit'],
    ['/v1/dates?origin=MIA&destination=JFK&from=2026-12-01&to=2027-06-01', 'to'],
    ['/v1/dates?origin=MIA&destination=JFK&from=2026-13-01&to=2026-12-02', 'from'],
    ['/v1/insights?origin=MIA&destination=XXX&date=2026-12-01', 'destination'],
    ['/v1/insights?origin=MIA&destination=JFK&date=2026-12-01&extra=', 'extra'],
  ])('answers 400 naming the field for %s', async (url, field) => {
    const { status, body } = await get(url);
    expect(status).toBe(400);
    expect(body).toMatchObject({ error: { code: 'VALIDATION', field } });
  });
});
