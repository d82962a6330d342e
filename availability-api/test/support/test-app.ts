import {
  type ApiScope,
  createApiKey,
  createMetricsRegistry,
  createRegionResolver,
  defaultRegionMapping,
  findPrincipalByToken,
  type RegionStore,
  type SqlExecutor,
} from '@fareflow/shared';
import { silentLogger } from '@fareflow/shared/test/support/test-resources';
import type { FastifyInstance } from 'fastify';

import { createCassandraFareReader } from '../../src/adapters/cassandra-fare.repository';
import { createCassandraFareHistoryReader } from '../../src/adapters/cassandra-fare-history.repository';
import { createCassandraInsightReader } from '../../src/adapters/cassandra-insight.repository';
import { createStoreGuard } from '../../src/adapters/store-guard';
import { createStorePing } from '../../src/adapters/store-ping';
import { type AppSettings, buildApp } from '../../src/app';

export const US_URL = 'http://us.api.test';
export const EU_URL = 'http://eu.api.test';
export const TEST_OFFER_SECRET = 'test-offer-secret-of-at-least-32-chars';
/**
 * The fixtures' fares depart on fixed days (2026-01 to 2026-12): the API's clock stands before all
 * of them unless a test says otherwise, so that only tests about the sales cut-off see one close.
 */
export const FIXTURE_NOW_MS = Date.parse('2025-12-01T00:00:00Z');

export function testSettings(region: string, overrides: Partial<AppSettings> = {}): AppSettings {
  return {
    region,
    regionApiUrls: { us: US_URL, eu: EU_URL },
    corsOrigins: [],
    cursorSecret: 'test-cursor-secret-of-at-least-32-chars',
    offerSecret: TEST_OFFER_SECRET,
    offers: { ttlMs: 20 * 60_000, cutoffMs: 60 * 60_000 },
    cache: { isEnabled: true, ttlMs: 500, maxEntries: 10_000, maxBytes: 32 * 1024 * 1024 },
    connections: { minConnectionMinutes: 45, maxConnectionMinutes: 360 },
    maxHubsPerStop: 40,
    maxPathsPerHub: 20,
    streamPollMs: 200,
    maxStreams: 100,
    apiKeyCacheTtlMs: 5_000,
    isRequestLoggingEnabled: false,
    ...overrides,
  };
}

/** The app of one region over a real keyspace and real API keys, wired as `src/index.ts` wires it. */
export async function buildTestApp(options: {
  store: RegionStore;
  db: SqlExecutor;
  settings?: Partial<AppSettings>;
  storeTimeoutMs?: number;
  now?: () => number;
}): Promise<FastifyInstance> {
  const { store } = options;
  const logger = silentLogger();
  const guard = createStoreGuard(store.region, options.storeTimeoutMs ?? 1_500);
  return buildApp({
    settings: testSettings(store.region, options.settings),
    logger,
    fares: createCassandraFareReader(store, guard, logger),
    insights: createCassandraInsightReader(store, guard),
    history: createCassandraFareHistoryReader(store, guard, logger),
    findPrincipal: (token) => findPrincipalByToken(options.db, token),
    metrics: createMetricsRegistry('availability-api-test'),
    readinessChecks: { cassandra: createStorePing(store, guard) },
    regionOf: createRegionResolver(defaultRegionMapping),
    now: options.now ?? (() => FIXTURE_NOW_MS),
  });
}

/** A real key in PostgreSQL; returns the `authorization` header value. */
export async function createBearer(
  db: SqlExecutor,
  name: string,
  scopes: ApiScope[] = ['availability:read'],
  rateLimitPerMinute = 1_000_000,
): Promise<string> {
  const { token } = await createApiKey(db, { name, scopes, rateLimitPerMinute });
  return `Bearer ${token}`;
}
