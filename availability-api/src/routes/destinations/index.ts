import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

import type { Fare } from '../../domain/fare';
import { errorResponses, redirectResponse } from '../../schemas/common';
import {
  destinationsQuery,
  type DestinationsResponse,
  destinationsResponse,
  toCheapestFare,
} from '../../schemas/destinations';
import type { DestinationQuery } from '../../use-cases/find-destinations';
import { redirectIfForeign, type RouteContext, sendCachedJson } from '../route-context';

export function registerDestinationRoutes(
  app: FastifyInstance,
  context: RouteContext,
  findDestinations: (query: DestinationQuery) => Promise<Fare[]>,
): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/destinations',
    {
      schema: {
        summary: 'Where one can fly from an origin in a time frame: the cheapest fare per destination',
        tags: ['destinations'],
        security: [{ apiKey: [] }],
        querystring: destinationsQuery,
        response: { 200: destinationsResponse, ...redirectResponse, ...errorResponses },
      },
      preHandler: context.guard.requireScope('availability:read'),
    },
    async (request, reply) => {
      const query = request.query;
      if (redirectIfForeign(context, query.origin, request, reply)) {
        return reply;
      }
      const key = `destinations|${query.origin}|${query.from}|${query.to}|${query.maxPrice ?? ''}|${query.limit}`;
      return sendCachedJson(context, reply, key, async (): Promise<DestinationsResponse> => {
        const fares = await findDestinations(query);
        return {
          origin: query.origin,
          from: query.from,
          to: query.to,
          destinations: fares.map((fare) => ({ destination: fare.destination, ...toCheapestFare(fare) })),
        };
      });
    },
  );
}
