import { createOfferCodec } from '@fareflow/shared';
import type { FastifyInstance } from 'fastify';

import type { FaresResponse } from '../../src/schemas/fares';
import { buildFare } from '../support/fare-builder';
import { seedFares } from '../support/seed-fares';
import { buildTestApp, createBearer, TEST_OFFER_SECRET } from '../support/test-app';
import { createResources, type Resources } from '../support/test-resources';

const DAY = '2026-12-02';
// The user's report: DL207 ATL-RSW left at 23:20Z and was still served at 23:22Z.
const NOW = Date.parse(`${DAY}T23:22:00Z`);
const departed = buildFare({
  carrier: 'DL',
  flightNumber: '207',
  origin: 'ATL',
  destination: 'RSW',
  departs: `${DAY}T23:20`,
  price: '450.36',
  currency: 'USD',
});
const insideCutoff = buildFare({
  carrier: 'DL',
  flightNumber: '209',
  origin: 'ATL',
  destination: 'RSW',
  departs: `${DAY}T23:50`,
  price: '300.00',
  currency: 'USD',
});
const onSale = buildFare({
  carrier: 'DL',
  flightNumber: '211',
  origin: 'ATL',
  destination: 'RSW',
  departs: `${DAY}T23:59`,
  durationMinutes: 95,
  price: '512.25',
  currency: 'USD',
});
// Another day: nothing of it is closed.
const tomorrow = buildFare({
  carrier: 'DL',
  flightNumber: '301',
  origin: 'ATL',
  destination: 'RSW',
  departs: '2026-12-03T08:00',
  price: '199.99',
  currency: 'USD',
});

jest.setTimeout(120_000);
describe('only what can be sold is offered, with a signed offer at the price shown', () => {
  let resources: Resources;
  let app: FastifyInstance;
  let authorization: string;

  beforeAll(async () => {
    resources = await createResources();
    await seedFares(resources.keyspaces.store('us'), [departed, insideCutoff, onSale, tomorrow]);
    // A cut-off of 30 minutes at 23:22Z: DL209 (23:50Z) is inside it, DL211 (23:59Z) is not.
    app = await buildTestApp({
      store: resources.keyspaces.store('us'),
      db: resources.db.pool,
      now: () => NOW,
      settings: { offers: { ttlMs: 20 * 60_000, cutoffMs: 30 * 60_000 } },
    });
    authorization = await createBearer(resources.db.pool, 'sellable-reader');
  });

  afterAll(async () => {
    await app?.close();
    await resources?.release();
  });

  const get = async <T>(path: string) => {
    const response = await app.inject({ url: path, headers: { authorization } });
    expect(response.statusCode).toBe(200);
    return response.json() as T;
  };

  it('lists neither a departed flight nor one inside the cut-off', async () => {
    const body = await get<FaresResponse>(`/v1/fares?origin=ATL&destination=RSW&date=${DAY}`);
    expect(body.results.map((offer) => offer.flightId)).toEqual([onSale.flightId]);
  });

  it('gives each result an offer id that binds its legs, cabin, price and expiry', async () => {
    const body = await get<FaresResponse>(`/v1/fares?origin=ATL&destination=RSW&date=${DAY}`);
    const [offer] = body.results;
    expect(offer?.offerExpiresAt).toBe('2026-12-02T23:29:00.000Z');
    const decoded = createOfferCodec(TEST_OFFER_SECRET).decode(offer?.offerId ?? '', 'offerId');
    expect(decoded).toEqual({
      cabin: 'ECONOMY',
      currency: 'USD',
      // 20 minutes from now would be 23:42Z; sales of DL211 close at 23:29Z.
      expiresAt: '2026-12-02T23:29:00.000Z',
      legs: [{ flightId: onSale.flightId, unitPrice: '512.25', observedAt: '2026-01-01T00:00:00.000Z' }],
    });
  });

  it('keeps closed flights out of the cheapest dates and destinations too', async () => {
    const dates = await get<{ days: { date: string; price: { amount: string } }[] }>(
      `/v1/dates?origin=ATL&destination=RSW&from=${DAY}&to=2026-12-03`,
    );
    expect(dates.days.map((entry) => [entry.date, entry.price.amount])).toEqual([
      [DAY, '512.25'],
      ['2026-12-03', '199.99'],
    ]);
    const destinations = await get<{ destinations: { destination: string; price: { amount: string } }[] }>(
      `/v1/destinations?origin=ATL&from=${DAY}&to=${DAY}`,
    );
    expect(destinations.destinations.map((entry) => [entry.destination, entry.price.amount])).toEqual([
      ['RSW', '512.25'],
    ]);
  });
});
