import { createApiKey, revokeApiKey } from '@fareflow/shared';
import type { FastifyInstance } from 'fastify';

import { buildFare } from '../support/fare-builder';
import { seedFares } from '../support/seed-fares';
import { buildTestApp, createBearer } from '../support/test-app';
import { createResources, type Resources } from '../support/test-resources';

const URL = '/v1/fares?origin=ATL&destination=ORD&date=2026-12-01';
const KEY_CACHE_TTL_MS = 200;

// Real services on two shared cores can need longer than the root 60 s limit.
jest.setTimeout(120_000);
describe('API keys and rate limits', () => {
  let resources: Resources;
  let app: FastifyInstance;

  beforeAll(async () => {
    resources = await createResources();
    const { keyspaces } = resources;
    await seedFares(keyspaces.store('us'), [
      buildFare({ origin: 'ATL', destination: 'ORD', departs: '2026-12-01T10:00' }),
    ]);
    app = await buildTestApp({
      store: keyspaces.store('us'),
      db: resources.db.pool,
      settings: { apiKeyCacheTtlMs: KEY_CACHE_TTL_MS },
    });
  });

  afterAll(async () => {
    await app?.close();
    await resources?.release();
  });

  const get = (authorization?: string, url = URL) =>
    app.inject({ url, headers: authorization === undefined ? {} : { authorization } });

  it('answers 401 without a key, with a malformed one and with an unknown one', async () => {
    for (const header of [
      undefined,
      'Basic dXNlcjpwYXNz',
      'Bearer nonsense',
      `Bearer ff_${'a'.repeat(12)}_${'b'.repeat(43)}`,
    ]) {
      const response = await get(header);
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
      expect(response.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED', field: 'authorization' } });
    }
  });

  it('answers 403 to a key without availability:read', async () => {
    const response = await get(await createBearer(resources.db.pool, 'orders-only', ['orders:write', 'orders:read']));
    expect(response.statusCode).toBe(403);
    expect(response.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
  });

  it('accepts a valid key and refuses it once revoked (after the key cache TTL)', async () => {
    const authorization = await createBearer(resources.db.pool, 'soon-revoked');
    expect((await get(authorization)).statusCode).toBe(200);
    expect(await revokeApiKey(resources.db.pool, 'soon-revoked')).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, KEY_CACHE_TTL_MS + 100));
    const response = await get(authorization);
    expect(response.statusCode).toBe(401);
    expect(response.json()).toMatchObject({ error: { message: 'unknown or revoked API key' } });
  });

  it('limits each key to its own rate with 429 and Retry-After, leaving other keys alone', async () => {
    const { token } = await createApiKey(resources.db.pool, {
      name: 'tiny',
      scopes: ['availability:read'],
      rateLimitPerMinute: 3,
    });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 4; attempt += 1) {
      statuses.push((await get(`Bearer ${token}`)).statusCode);
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    const limited = await get(`Bearer ${token}`);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect((await get(await createBearer(resources.db.pool, 'other'))).statusCode).toBe(200);
  });

  it('serves healthz, readyz and metrics without a key', async () => {
    expect((await get(undefined, '/healthz')).json()).toEqual({ status: 'ok' });
    expect((await get(undefined, '/readyz')).json()).toMatchObject({
      status: 'ready',
      checks: { cassandra: { ok: true } },
    });
    const metrics = await get(undefined, '/metrics');
    expect(metrics.statusCode).toBe(200);
    expect(metrics.body).toContain('availability_cache');
  });
});
