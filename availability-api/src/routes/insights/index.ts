import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

import { errorResponses, redirectResponse } from '../../schemas/common';
import { insightsQuery, insightsResponse, toInsightsResponse } from '../../schemas/insights';
import type { InsightQuery, InsightResult } from '../../use-cases/get-insights';
import { redirectIfForeign, type RouteContext, sendCachedJson } from '../route-context';

export function registerInsightRoutes(
  app: FastifyInstance,
  context: RouteContext,
  getInsights: (query: InsightQuery) => Promise<InsightResult>,
): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/insights',
    {
      schema: {
        summary: "Price band, today's fare label, forecast and buy/wait advice of a route and day",
        tags: ['insights'],
        security: [{ apiKey: [] }],
        querystring: insightsQuery,
        response: { 200: insightsResponse, ...redirectResponse, ...errorResponses },
      },
      preHandler: context.guard.requireScope('availability:read'),
    },
    async (request, reply) => {
      const query = request.query;
      if (redirectIfForeign(context, query.origin, request, reply)) {
        return reply;
      }
      const key = `insights|${query.origin}|${query.destination}|${query.date}`;
      return sendCachedJson(context, reply, key, async () => toInsightsResponse(query, await getInsights(query)));
    },
  );
}
