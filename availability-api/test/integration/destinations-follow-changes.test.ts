import type { FastifyInstance } from 'fastify';

import { destinationsResponse } from '../../src/schemas/destinations';
import { buildFare } from '../support/fare-builder';
import { seedFares, updateFare } from '../support/seed-fares';
import { buildTestApp, createBearer } from '../support/test-app';
import { createResources, type Resources } from '../support/test-resources';

// Real services on two shared cores can need longer than the root 60 s limit.
jest.setTimeout(120_000);

describe('destinations over cheapest_by_origin_day', () => {
  let resources: Resources;
  let app: FastifyInstance;
  let authorization: string;
  const cheap = buildFare({
    carrier: 'AA',
    flightNumber: '1',
    origin: 'MIA',
    destination: 'LAX',
    departs: '2026-12-02T08:00',
    price: '100.00',
    currency: 'USD',
  });
  const dear = buildFare({
    carrier: 'AA',
    flightNumber: '2',
    origin: 'MIA',
    destination: 'LAX',
    departs: '2026-12-03T08:00',
    price: '120.00',
    currency: 'USD',
  });

  beforeAll(async () => {
    resources = await createResources();
    const store = resources.keyspaces.store('us');
    await seedFares(store, [cheap, dear]);
    // No cache: every search reads what the store holds now.
    const cache = { isEnabled: false, ttlMs: 1, maxEntries: 1, maxBytes: 1 };
    app = await buildTestApp({ store, db: resources.db.pool, settings: { cache } });
    authorization = await createBearer(resources.db.pool, 'reader');
  });

  afterAll(async () => {
    await app?.close();
    await resources?.release();
  });

  const cheapestToLax = async () => {
    const response = await app.inject({
      url: '/v1/destinations?origin=MIA&from=2026-12-01&to=2026-12-07',
      headers: { authorization },
    });
    expect(response.statusCode).toBe(200);
    const { destinations } = destinationsResponse.parse(response.json());
    return destinations
      .filter((entry) => entry.destination === 'LAX')
      .map((entry) => `${entry.flightId} ${entry.price.amount}`);
  };

  it('follow the cheapest fare when it rises, sells out, and when nothing is left', async () => {
    const store = resources.keyspaces.store('us');
    expect(await cheapestToLax()).toEqual([`${cheap.flightId} 100.00`]);
    await updateFare(store, cheap, '150.00', 5);
    expect(await cheapestToLax()).toEqual([`${dear.flightId} 120.00`]);
    await updateFare(store, dear, '120.00', 0);
    expect(await cheapestToLax()).toEqual([`${cheap.flightId} 150.00`]);
    await updateFare(store, cheap, '150.00', 0);
    expect(await cheapestToLax()).toEqual([]);
  });
});
