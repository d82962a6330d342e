import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

import type { RegionEntry } from '../../domain/region-directory';
import { errorResponses } from '../../schemas/common';
import { regionsQuery, regionsResponse } from '../../schemas/regions';
import { type RouteContext, sendJson } from '../route-context';

/**
 * `GET /v1/regions`: each region's base URL and origin airports, so a client sends every search to
 * the right API itself (a 307 across hosts loses the Authorization header in curl -L and fetch).
 * The answer is fixed for the life of the process: built and serialized once.
 */
export function registerRegionRoutes(app: FastifyInstance, context: RouteContext, regions: RegionEntry[]): void {
  const body = Buffer.from(JSON.stringify(regionsResponse.parse({ region: context.region, regions })));
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/regions',
    {
      schema: {
        summary: "Each region's base URL and the origin airports it serves",
        tags: ['regions'],
        security: [{ apiKey: [] }],
        querystring: regionsQuery,
        response: { 200: regionsResponse, ...errorResponses },
      },
      preHandler: context.guard.requireScope('availability:read'),
    },
    async (_request, reply) => sendJson(reply, body),
  );
}
