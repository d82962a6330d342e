import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

import { type FareSearch, resultSetKeyOf } from '../../domain/fare-query';
import { errorResponses, redirectResponse } from '../../schemas/common';
import { faresQuery, type FaresResponse, faresResponse, toOffer } from '../../schemas/fares';
import type { FareSearchResult } from '../../use-cases/search-fares';
import { redirectIfForeign, type RouteContext, sendCachedJson } from '../route-context';

// The validator memo hands back the same frozen query object for a repeated query string, so the
// key of a hot search is built once.
const responseKeys = new WeakMap<FareSearch, string>();

/** The response cache key: every parameter (the result set's key, then the page). */
function responseKeyOf(query: FareSearch): string {
  let key = responseKeys.get(query);
  if (key === undefined) {
    key = `fares|${resultSetKeyOf(query)}|${query.limit}|${query.cursor ?? ''}`;
    responseKeys.set(query, key);
  }
  return key;
}

export function registerFareRoutes(
  app: FastifyInstance,
  context: RouteContext,
  searchFares: (search: FareSearch) => Promise<FareSearchResult>,
): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/fares',
    {
      schema: {
        summary: 'Flights of a route and day, with connections, paged',
        tags: ['fares'],
        security: [{ apiKey: [] }],
        querystring: faresQuery,
        response: { 200: faresResponse, ...redirectResponse, ...errorResponses },
      },
      preHandler: context.guard.requireScope('availability:read'),
    },
    async (request, reply) => {
      const query = request.query;
      if (redirectIfForeign(context, query.origin, request, reply)) {
        return reply;
      }
      return sendCachedJson(context, reply, responseKeyOf(query), async (): Promise<FaresResponse> => {
        const result = await searchFares(query);
        return {
          region: context.region,
          results: result.items.map((item) => toOffer(item, context.mintOffer(item), query.passengers)),
          nextCursor: result.nextCursor ?? null,
        };
      });
    },
  );
}
