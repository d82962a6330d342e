import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

import { errorResponses, redirectResponse } from '../../schemas/common';
import { faresQuery, type FaresResponse, faresResponse, toOffer } from '../../schemas/fares';
import type { FareSearch, FareSearchResult } from '../../use-cases/search-fares';
import { redirectIfForeign, type RouteContext, sendCachedJson } from '../route-context';

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
      const key = `fares|${query.origin}|${query.destination}|${query.date}|${query.cabin ?? '*'}|${query.maxStops}|${query.sort}|${query.limit}|${query.cursor ?? ''}`;
      return sendCachedJson(context, reply, key, async (): Promise<FaresResponse> => {
        const result = await searchFares(query);
        return {
          region: context.region,
          results: result.items.map((item) => toOffer(item, context.mintOffer(item))),
          nextCursor: result.nextCursor ?? null,
        };
      });
    },
  );
}
