import type { ApiKeyGuard, RegionResolver } from '@fareflow/shared';
import type { FastifyReply, FastifyRequest } from 'fastify';

import type { TtlCache } from '../cache/ttl-cache';
import type { Itinerary } from '../domain/fare';
import type { MintedOffer } from '../schemas/fares';
import type { FareStreamHub } from '../use-cases/fare-stream-hub';

/** What the route plugins share; built once by `buildApp`. */
export interface RouteContext {
  region: string;
  regionApiUrls: Readonly<Record<string, string>>;
  regionOf: RegionResolver;
  guard: ApiKeyGuard;
  /** Serialized UTF-8 response bodies by normalized query (the hot path sends these as they are). */
  responses: TtlCache<Buffer>;
  streams: FareStreamHub;
  maxStreams: number;
  /** Signs the offer of a search result (its legs at the prices shown, until it expires). */
  mintOffer: (itinerary: Itinerary) => MintedOffer;
}

/**
 * A route whose origin is another region's: 307 to that region's API, same path and query, with a
 * JSON body naming the region, its base URL and the full location. Standard clients drop the
 * Authorization header when they follow a redirect to another host (curl -L, fetch), so a client
 * routes itself with this body (or with `GET /v1/regions` up front). Returns true when it
 * redirected. Query validation already guaranteed a known airport.
 */
export function redirectIfForeign(
  context: RouteContext,
  origin: string,
  request: FastifyRequest,
  reply: FastifyReply,
): boolean {
  const owner = context.regionOf(origin);
  if (owner === undefined || owner === context.region) {
    return false;
  }
  const baseUrl = context.regionApiUrls[owner];
  if (baseUrl === undefined) {
    return false;
  }
  const location = `${baseUrl}${request.url}`;
  const body = JSON.stringify({
    error: {
      code: 'WRONG_REGION',
      message: `flights from ${origin} are served by region "${owner}" at ${baseUrl}; send this request there`,
      field: 'origin',
    },
    region: owner,
    baseUrl,
    location,
  });
  void reply.code(307).header('location', location).type('application/json; charset=utf-8').send(body);
  return true;
}

/** Sends the cached body for `key`, building (and caching) it on a miss; concurrent misses share one build. */
export function sendCachedJson(
  context: RouteContext,
  reply: FastifyReply,
  key: string,
  build: () => Promise<unknown>,
): FastifyReply | Promise<FastifyReply> {
  // A hit is answered without a promise; a Buffer is written as is (no length scan, no UTF-8 encoding).
  const cached = context.responses.peek(key);
  if (cached) {
    return sendJson(reply, cached);
  }
  return context.responses
    .getOrLoad(key, async () => Buffer.from(JSON.stringify(await build())))
    .then((body) => sendJson(reply, body));
}

/** Sends a ready UTF-8 JSON body as it is. */
export const sendJson = (reply: FastifyReply, body: Buffer) => reply.type('application/json; charset=utf-8').send(body);
