import type { FastifyInstance } from 'fastify';

import { buildFare } from '../support/fare-builder';
import { seedFares } from '../support/seed-fares';
import { buildTestApp, createBearer } from '../support/test-app';
import { createResources, type Resources } from '../support/test-resources';

const SITE = 'https://www.site.example';
const FARES = '/v1/fares?origin=JFK&destination=MIA&date=2026-12-01';

// Real services on two shared cores can need longer than the root 60 s limit.
jest.setTimeout(120_000);
describe('CORS', () => {
  let resources: Resources;
  let openApp: FastifyInstance;
  let closedApp: FastifyInstance;
  let authorization: string;

  beforeAll(async () => {
    resources = await createResources();
    const { keyspaces, db } = resources;
    await seedFares(keyspaces.store('us'), [
      buildFare({ origin: 'JFK', destination: 'MIA', departs: '2026-12-01T10:00' }),
    ]);
    openApp = await buildTestApp({
      store: keyspaces.store('us'),
      db: db.pool,
      settings: { corsOrigins: [SITE, 'http://localhost:3000'] },
    });
    closedApp = await buildTestApp({ store: keyspaces.store('us'), db: db.pool });
    authorization = await createBearer(db.pool, 'cors');
  });

  afterAll(async () => {
    await openApp?.close();
    await closedApp?.close();
    await resources?.release();
  });

  const preflight = (app: FastifyInstance, origin: string, url = FARES) =>
    app.inject({
      method: 'OPTIONS',
      url,
      headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });

  it('answers a preflight from an allowed origin before any key is checked', async () => {
    for (const url of [FARES, '/v1/fares/stream?origin=JFK&destination=MIA&date=2026-12-01', '/v1/regions']) {
      const response = await preflight(openApp, SITE, url);
      expect(response.statusCode).toBe(204);
      expect(response.headers['access-control-allow-origin']).toBe(SITE);
      expect(String(response.headers['access-control-allow-headers']).toLowerCase()).toContain('authorization');
      expect(response.headers['access-control-allow-methods']).toContain('GET');
    }
  });

  it('adds the CORS headers to answers for an allowed origin, and none for another', async () => {
    const allowed = await openApp.inject({ url: FARES, headers: { authorization, origin: SITE } });
    expect(allowed.statusCode).toBe(200);
    expect(allowed.headers['access-control-allow-origin']).toBe(SITE);
    expect(allowed.headers['access-control-expose-headers']).toContain('Location');
    const unauthenticated = await openApp.inject({ url: FARES, headers: { origin: SITE } });
    expect(unauthenticated.statusCode).toBe(401);
    expect(unauthenticated.headers['access-control-allow-origin']).toBe(SITE);
    const other = await openApp.inject({ url: FARES, headers: { authorization, origin: 'https://evil.example' } });
    expect(other.statusCode).toBe(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    expect((await preflight(openApp, 'https://evil.example')).headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows no origin by default', async () => {
    const response = await closedApp.inject({ url: FARES, headers: { authorization, origin: SITE } });
    expect(response.statusCode).toBe(200);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    expect((await preflight(closedApp, SITE)).headers['access-control-allow-origin']).toBeUndefined();
  });
});
