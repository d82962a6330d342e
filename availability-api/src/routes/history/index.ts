import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

import { errorResponses, redirectResponse } from '../../schemas/common';
import { historyQuery, historyResponse, toHistoryResponse } from '../../schemas/history';
import type { FareHistoryQuery, FareHistoryResult } from '../../use-cases/get-fare-history';
import { refuseWrites } from '../method-not-allowed';
import { redirectIfForeign, type RouteContext, sendCachedJson } from '../route-context';

export function registerHistoryRoutes(
  app: FastifyInstance,
  context: RouteContext,
  getFareHistory: (query: FareHistoryQuery) => Promise<FareHistoryResult>,
): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/history',
    {
      schema: {
        summary:
          'How the fares of a route and departure day moved (per cabin: daily low, median, high and each flight), with the current band and advice',
        tags: ['history'],
        security: [{ apiKey: [] }],
        querystring: historyQuery,
        response: { 200: historyResponse, ...redirectResponse, ...errorResponses },
      },
      preHandler: context.guard.requireScope('availability:read'),
    },
    async (request, reply) => {
      const query = request.query;
      if (redirectIfForeign(context, query.origin, request, reply)) {
        return reply;
      }
      const key = `history|${query.origin}|${query.destination}|${query.date}|${query.cabin ?? ''}`;
      return sendCachedJson(context, reply, key, async () => toHistoryResponse(query, await getFareHistory(query)));
    },
  );
  refuseWrites(app, ['/v1/history']);
}
