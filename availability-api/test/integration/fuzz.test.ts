import { createSeededRandom } from '@fareflow/shared';
import type { FastifyInstance } from 'fastify';

import { buildFare } from '../support/fare-builder';
import { createHostileRequests } from '../support/hostile-requests';
import { seedFares } from '../support/seed-fares';
import { buildTestApp, createBearer } from '../support/test-app';
import { createResources, type Resources } from '../support/test-resources';

const REQUESTS = 10_000;
const SEED = 20_261_201;

// Real services on two shared cores can need longer than the root 60 s limit.
jest.setTimeout(120_000);
describe('fuzz: random and hostile requests at every endpoint', () => {
  let resources: Resources;
  let app: FastifyInstance;
  let authorization: string;

  beforeAll(async () => {
    resources = await createResources();
    const { keyspaces, db } = resources;
    const fares = ['LAX', 'SFO', 'SEA', 'ORD'].flatMap((destination, index) => [
      buildFare({ flightNumber: String(10 + index), origin: 'JFK', destination, departs: '2026-12-01T08:00' }),
      buildFare({ flightNumber: String(20 + index), origin: 'ORD', destination, departs: '2026-12-01T12:00' }),
      buildFare({ flightNumber: String(30 + index), origin: 'BOS', destination: 'ORD', departs: '2026-12-02T06:00' }),
    ]);
    await seedFares(keyspaces.store('us'), fares);
    app = await buildTestApp({ store: keyspaces.store('us'), db: db.pool });
    authorization = await createBearer(db.pool, 'fuzzer');
  });

  afterAll(async () => {
    await app?.close();
    await resources?.release();
  });

  it(`answers ${REQUESTS} generated requests without a single 5xx, every error in the JSON shape`, async () => {
    const next = createHostileRequests(createSeededRandom(SEED), authorization);
    const statuses = new Map<number, number>();
    const serverErrors: string[] = [];
    const badShapes: string[] = [];
    for (let index = 0; index < REQUESTS; index += 1) {
      const { options } = next();
      const response = await app.inject(options);
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      const label = `#${index} ${options.method ?? 'GET'} ${String(options.url).slice(0, 200)}`;
      if (response.statusCode >= 500) {
        serverErrors.push(`${label} -> ${response.statusCode} ${response.body.slice(0, 200)}`);
      } else if (response.statusCode >= 400 && options.method !== 'HEAD') {
        const body = safeJson(response.body) as { error?: { code?: unknown; message?: unknown; field?: unknown } };
        const isShaped = typeof body?.error?.code === 'string' && typeof body.error.message === 'string';
        const needsField = response.statusCode === 400 && body?.error?.code === 'VALIDATION';
        if (!isShaped || (needsField && typeof body.error?.field !== 'string')) {
          badShapes.push(`${label} -> ${response.statusCode} ${response.body.slice(0, 200)}`);
        }
      }
    }
    expect(serverErrors).toEqual([]);
    expect(badShapes).toEqual([]);
    // The generator must reach every outcome, or the test proves little.
    for (const status of [200, 307, 400, 401, 404]) {
      expect(statuses.get(status) ?? 0).toBeGreaterThan(0);
    }
    expect([...statuses.values()].reduce((sum, count) => sum + count, 0)).toBe(REQUESTS);
  });
});

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
