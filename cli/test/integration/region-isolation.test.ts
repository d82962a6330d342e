import { join } from 'node:path';

import { createApiKey, encodeFareOfferCell, formatFlightId, repositoryRoot } from '@fareflow/shared';
import {
  createTestDatabase,
  createTestKeyspaces,
  TEST_DATABASE_URL,
  type TestDatabase,
  type TestKeyspaces,
} from '@fareflow/shared/test/support/test-resources';

import { stopCassandraNode } from '../../src/services/cassandra';
import { isPortOpen, run } from '../../src/services/probe';
import { eventually, freePort, type ServiceProcess, startService } from '../support/service-process';

/**
 * Invariant 5: one region's Cassandra outage does not touch another region's API. This stops the
 * real `eu` node (127.0.0.2), checks both APIs, and starts the node again.
 */
describe('regional isolation with the eu Cassandra node stopped', () => {
  let db: TestDatabase;
  let keyspaces: TestKeyspaces;
  const apis: Record<'us' | 'eu', { port: number; process?: ServiceProcess }> = {
    us: { port: 0 },
    eu: { port: 0 },
  };
  let token: string;
  const departureDate = new Date(Date.now() + 20 * 86_400_000).toISOString().slice(0, 10);

  async function seedFare(region: 'us' | 'eu', origin: string, destination: string): Promise<string> {
    const store = keyspaces.store(region);
    const flightId = formatFlightId({ carrier: 'ZZ', flightNumber: '1', departureDate, origin, destination });
    await store.client.execute(
      `INSERT INTO ${store.keyspace}.fares_by_route (origin, destination, departure_date, flight_id, cabin, carrier,
         flight_number, departure_local, departure_utc, arrival_local, arrival_utc, duration_minutes, stops, fare_class,
         price, currency, seats_available, observed_at, source)
       VALUES (?, ?, ?, ?, 'ECONOMY', 'ZZ', '1', ?, ?, ?, ?, 120, 0, 'Y', ?, 'USD', 9, ?, 'test')`,
      [
        origin,
        destination,
        departureDate,
        flightId,
        `${departureDate}T10:00:00+00:00`,
        new Date(`${departureDate}T10:00:00Z`),
        `${departureDate}T12:00:00+00:00`,
        new Date(`${departureDate}T12:00:00Z`),
        '99.50',
        new Date(),
      ],
      { prepare: true },
    );
    // The API reads a route and day from the compact table the aggregator also writes.
    const offer = encodeFareOfferCell({
      carrier: 'ZZ',
      flightNumber: '1',
      fareClass: 'Y',
      departureLocal: `${departureDate}T10:00:00+00:00`,
      departureUtc: `${departureDate}T10:00:00.000Z`,
      arrivalLocal: `${departureDate}T12:00:00+00:00`,
      arrivalUtc: `${departureDate}T12:00:00.000Z`,
      durationMinutes: 120,
      stops: 0,
      price: '99.50',
      currency: 'USD',
      observedAt: new Date().toISOString(),
    });
    await store.client.execute(
      `INSERT INTO ${store.keyspace}.offers_by_origin_day (origin, departure_date, destination, flight_id, cabin, offer,
         seats_available) VALUES (?, ?, ?, ?, 'ECONOMY', ?, 9)`,
      [origin, departureDate, destination, flightId, offer],
      { prepare: true },
    );
    return flightId;
  }

  const search = (region: 'us' | 'eu', origin: string, destination: string) =>
    fetch(
      `http://127.0.0.1:${apis[region].port}/v1/fares?${new URLSearchParams({ origin, destination, date: departureDate })}`,
      { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(15_000) },
    );

  beforeAll(async () => {
    db = await createTestDatabase();
    keyspaces = await createTestKeyspaces();
    token = (await createApiKey(db.pool, { name: 'site', scopes: ['availability:read'], rateLimitPerMinute: 10_000 }))
      .token;
    await seedFare('us', 'JFK', 'LAX');
    await seedFare('eu', 'CDG', 'FCO');
    for (const region of ['us', 'eu'] as const) {
      apis[region].port = await freePort();
      apis[region].process = startService(`api-${region}`, 'availability-api/src/index.ts', {
        DATABASE_URL: TEST_DATABASE_URL,
        PG_SCHEMA: db.schema,
        CASSANDRA_KEYSPACE_PREFIX: keyspaces.prefix,
        REGION: region,
        PORT: String(apis[region].port),
        CACHE_ENABLED: 'false',
        OFFER_SECRET: 'region-isolation-offer-secret-0123456789',
      });
    }
    for (const region of ['us', 'eu'] as const) {
      await eventually(
        async () =>
          (await search(region, region === 'us' ? 'JFK' : 'CDG', region === 'us' ? 'LAX' : 'FCO')).ok
            ? true
            : undefined,
        60_000,
        () => apis[region].process?.output() ?? '',
      );
    }
  });

  afterAll(async () => {
    // Restart through the CLI in a child process: the node is detached from it, and nothing of the
    // start-up (driver connections, pipes) lingers in the test process.
    const restart = await run(process.execPath, [join(repositoryRoot, 'cli/bin/fareflow.js'), 'services', 'up']);
    expect(restart).toMatchObject({ code: 0 });
    const codes = await Promise.all(Object.values(apis).map((api) => api.process?.stop()));
    await keyspaces?.drop();
    await db?.drop();
    expect(codes).toEqual([0, 0]);
  }, 300_000);

  it('keeps the us API answering while the eu API answers 503 quickly and reports not ready', async () => {
    await stopCassandraNode(repositoryRoot, 'eu');
    // Only nodes this checkout started can be stopped; fail plainly if the eu node is someone else's.
    expect(await isPortOpen('127.0.0.2', 9042)).toBe(false);

    const us = await search('us', 'JFK', 'LAX');
    expect(us.status).toBe(200);
    const usBody = (await us.json()) as { results: Array<{ price: { amount: string } }> };
    expect(usBody.results.map((result) => result.price.amount)).toEqual(['99.50']);

    const eu = await eventually(
      async () => {
        const response = await search('eu', 'CDG', 'FCO');
        return response.status === 503 ? response : undefined;
      },
      30_000,
      () => apis.eu.process?.output() ?? '',
    );
    const euBody = (await eu.json()) as { error: { code: string; message: string } };
    expect(euBody.error.message).toMatch(/eu/i);

    const ready = await fetch(`http://127.0.0.1:${apis.eu.port}/readyz`);
    expect(ready.status).toBe(503);
    const usReady = await fetch(`http://127.0.0.1:${apis.us.port}/readyz`);
    expect(usReady.status).toBe(200);
  }, 120_000);
});
