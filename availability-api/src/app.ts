import {
  createApiKeyGuard,
  createOfferCodec,
  frameworkErrorHandler,
  listAirportCodes,
  type Logger,
  type PrincipalLookup,
  type ReadinessCheck,
  type RegionResolver,
  registerErrorHandler,
  registerOperationalRoutes,
} from '@fareflow/shared';
import cors from '@fastify/cors';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, LogController } from 'fastify';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler } from 'fastify-type-provider-zod';
import type { Registry } from 'prom-client';

import { createCachedFareReader, FARE_BYTES_ESTIMATE } from './adapters/cached-fare-reader';
import { createSellableFareReader } from './adapters/sellable-fare-reader';
import { createPassThroughCache, createTtlCache, type TtlCache } from './cache/ttl-cache';
import { createCursorCodec } from './cursor/cursor-codec';
import type { Fare, FareReader, InsightReader } from './domain/fare';
import type { FareHistoryReader } from './domain/fare-history';
import type { ConnectionRules } from './domain/itineraries';
import { type OfferPolicy, offerTermsOf } from './domain/offer-terms';
import { listRegions } from './domain/region-directory';
import { createMemoizedValidatorCompiler } from './http/memoized-validator';
import { registerCacheMetrics } from './metrics/cache-metrics';
import { registerDateRoutes } from './routes/dates';
import { registerDestinationRoutes } from './routes/destinations';
import { registerFareRoutes } from './routes/fares';
import { registerHistoryRoutes } from './routes/history';
import { registerInsightRoutes } from './routes/insights';
import { refuseWrites } from './routes/method-not-allowed';
import { registerRegionRoutes } from './routes/regions';
import type { RouteContext } from './routes/route-context';
import { registerStreamRoutes } from './routes/stream';
import { createFareStreamHub } from './use-cases/fare-stream-hub';
import { createFindCheapestDates } from './use-cases/find-cheapest-dates';
import { createFindDestinations } from './use-cases/find-destinations';
import { createGetFareHistory } from './use-cases/get-fare-history';
import { createGetInsights } from './use-cases/get-insights';
import { createSearchFares } from './use-cases/search-fares';

export interface CacheSettings {
  isEnabled: boolean;
  ttlMs: number;
  maxEntries: number;
  maxBytes: number;
}

export interface AppSettings {
  region: string;
  regionApiUrls: Readonly<Record<string, string>>;
  /** Browser origins allowed by CORS (exact `scheme://host[:port]`); empty: no CORS. */
  corsOrigins: readonly string[];
  cursorSecret: string;
  /** Signs offer ids; the order service verifies them with the same secret. */
  offerSecret: string;
  offers: OfferPolicy;
  cache: CacheSettings;
  connections: ConnectionRules;
  maxHubsPerStop: number;
  /** Partial trips kept per change airport after each middle leg (trips of 2 and 3 stops). */
  maxPathsPerHub: number;
  streamPollMs: number;
  maxStreams: number;
  apiKeyCacheTtlMs: number;
  isRequestLoggingEnabled: boolean;
}

export interface AppDeps {
  settings: AppSettings;
  logger: Logger;
  /** The region's store, uncached: the app puts its own cache in front. */
  fares: FareReader;
  insights: InsightReader;
  /** The region's price history read model (`fare_history_by_route_day`), uncached. */
  history: FareHistoryReader;
  findPrincipal: PrincipalLookup;
  metrics: Registry;
  readinessChecks: Record<string, ReadinessCheck>;
  regionOf: RegionResolver;
  /** The clock (ms epoch) of every rule that depends on time: sales cut-offs, offer expiry. */
  now?: () => number;
}

const VALIDATION_MEMO_ENTRIES = 10_000;

/** The availability API of one region as a Fastify instance, from injected dependencies (no I/O of its own). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = createFastify(deps.logger, deps.settings.isRequestLoggingEnabled);
  registerErrorHandler(app);
  registerOperationalRoutes(app, { registry: deps.metrics, readinessChecks: deps.readinessChecks });
  await registerCors(app, deps.settings.corsOrigins);
  await registerDocs(app);
  await registerApiRoutes(app, deps);
  return app;
}

function createFastify(rootLogger: Logger, isRequestLoggingEnabled: boolean): FastifyInstance {
  // Typed as Fastify's base logger so the instance is the plain FastifyInstance plugins expect.
  const logger: FastifyBaseLogger = rootLogger.child({ component: 'http' });
  const app = Fastify({
    loggerInstance: logger,
    // Two log lines per request would cost more than the cached request itself; 5xx are logged anyway.
    logController: new LogController({ disableRequestLogging: !isRequestLoggingEnabled }),
    // Without request logging, a per-request child logger is pure cost: errors carry reqId themselves.
    ...(isRequestLoggingEnabled ? {} : { childLoggerFactory: (parent: FastifyBaseLogger) => parent }),
    // Hostile query strings must not cost us: keep them small (414/431 come from Node itself).
    routerOptions: { maxParamLength: 200 },
    frameworkErrors: frameworkErrorHandler,
  });
  app.setValidatorCompiler(createMemoizedValidatorCompiler(VALIDATION_MEMO_ENTRIES));
  app.setSerializerCompiler(serializerCompiler);
  return app;
}

/** The `/v1` routes over the cached store: the use cases, each behind the API-key guard. */
async function registerApiRoutes(app: FastifyInstance, deps: AppDeps): Promise<void> {
  const { settings } = deps;
  const partitions = createCache<Fare[]>(settings.cache, (fares) => fares.length * FARE_BYTES_ESTIMATE);
  const responses = createCache<Buffer>(settings.cache, (body) => body.length);
  registerCacheMetrics(deps.metrics, { partitions, responses });
  const now = deps.now ?? Date.now;
  const salesWindow = { now, cutoffMs: settings.offers.cutoffMs };
  const fares = createSellableFareReader(createCachedFareReader(deps.fares, partitions), salesWindow);
  const offerCodec = createOfferCodec(settings.offerSecret);
  const regionOf = memoizeRegions(deps.regionOf);
  const context: RouteContext = {
    region: settings.region,
    regionApiUrls: settings.regionApiUrls,
    regionOf,
    guard: await createApiKeyGuard(app, {
      findPrincipal: deps.findPrincipal,
      principalCacheTtlMs: settings.apiKeyCacheTtlMs,
    }),
    responses,
    // Streams poll the store directly: their freshness must not stack on the cache's TTL.
    streams: createFareStreamHub({
      fares: createSellableFareReader(deps.fares, salesWindow),
      pollMs: settings.streamPollMs,
      logger: deps.logger,
    }),
    maxStreams: settings.maxStreams,
    mintOffer: (itinerary) => {
      const terms = offerTermsOf(itinerary, now(), settings.offers);
      return { offerId: offerCodec.encode(terms), offerExpiresAt: terms.expiresAt };
    },
  };
  const searchFares = createSearchFares({
    fares,
    cursors: createCursorCodec(settings.cursorSecret),
    rules: settings.connections,
    maxHubsPerStop: settings.maxHubsPerStop,
    maxPathsPerHub: settings.maxPathsPerHub,
    isInRegion: (iata) => regionOf(iata) === settings.region,
  });
  registerFareRoutes(app, context, searchFares);
  registerStreamRoutes(app, context);
  registerDestinationRoutes(app, context, createFindDestinations(fares));
  registerDateRoutes(app, context, createFindCheapestDates(fares));
  registerInsightRoutes(app, context, createGetInsights({ fares, insights: deps.insights }));
  registerHistoryRoutes(
    app,
    context,
    createGetFareHistory({
      history: deps.history,
      getInsights: createGetInsights({ fares, insights: deps.insights }),
      now,
      cutoffMs: settings.offers.cutoffMs,
    }),
  );
  registerRegionRoutes(app, context, listRegions(settings.regionApiUrls, regionOf, listAirportCodes()));
  refuseWrites(app, READ_ONLY_URLS);
}

const READ_ONLY_URLS = [
  '/v1/fares',
  '/v1/fares/stream',
  '/v1/destinations',
  '/v1/dates',
  '/v1/insights',
  '/v1/regions',
];

/** Airports are a fixed set (about 7,000), so the memo is bounded by construction. */
function memoizeRegions(regionOf: RegionResolver): RegionResolver {
  const regions = new Map<string, string | undefined>();
  return (iata) => {
    if (!regions.has(iata)) {
      regions.set(iata, regionOf(iata));
    }
    return regions.get(iata);
  };
}

function createCache<V>(settings: CacheSettings, sizeOf: (value: V) => number): TtlCache<V> {
  return settings.isEnabled
    ? createTtlCache<V>({ ttlMs: settings.ttlMs, maxEntries: settings.maxEntries, maxBytes: settings.maxBytes, sizeOf })
    : createPassThroughCache<V>();
}

/**
 * CORS for the configured origins only. Its hook runs in `onRequest` ahead of the routes' key guard,
 * so a preflight (which carries no key) is answered before authentication. Without origins, nothing
 * is added (and OPTIONS is a 404).
 */
async function registerCors(app: FastifyInstance, origins: readonly string[]): Promise<void> {
  await app.register(cors, {
    origin: origins.length > 0 ? [...origins] : false,
    methods: ['GET', 'HEAD'],
    allowedHeaders: ['Authorization', 'Last-Event-ID'],
    // A client routing itself by the 307's body still wants Location; Retry-After paces its retries.
    exposedHeaders: ['Location', 'Retry-After'],
    maxAge: 600,
  });
}

async function registerDocs(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Fareflow availability API',
        version: '1.0.0',
        description:
          'Current fares and seats of one region. Money is an exact decimal string with an ISO 4217 currency; ' +
          'times are ISO 8601. Errors: `{ error: { code, message, field } }`.',
      },
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
}
