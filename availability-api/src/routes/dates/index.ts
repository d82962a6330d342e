import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

import type { Fare } from '../../domain/fare';
import { errorResponses, redirectResponse } from '../../schemas/common';
import { datesQuery, type DatesResponse, datesResponse } from '../../schemas/dates';
import type { DatesQuery } from '../../use-cases/find-cheapest-dates';
import { redirectIfForeign, type RouteContext, sendCachedJson } from '../route-context';

export function registerDateRoutes(
  app: FastifyInstance,
  context: RouteContext,
  findCheapestDates: (query: DatesQuery) => Promise<Fare[]>,
): void {
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/dates',
    {
      schema: {
        summary: 'The cheapest fare per departure day of a route in a time frame',
        tags: ['dates'],
        security: [{ apiKey: [] }],
        querystring: datesQuery,
        response: { 200: datesResponse, ...redirectResponse, ...errorResponses },
      },
      preHandler: context.guard.requireScope('availability:read'),
    },
    async (request, reply) => {
      const query = request.query;
      if (redirectIfForeign(context, query.origin, request, reply)) {
        return reply;
      }
      const key = `dates|${query.origin}|${query.destination}|${query.from}|${query.to}`;
      return sendCachedJson(context, reply, key, async (): Promise<DatesResponse> => {
        const fares = await findCheapestDates(query);
        return {
          origin: query.origin,
          destination: query.destination,
          days: fares.map((fare) => ({
            date: fare.departureDate,
            price: { amount: fare.price, currency: fare.currency },
            flightId: fare.flightId,
            cabin: fare.cabin,
            departureLocal: fare.departureLocal,
            seatsAvailable: fare.seatsAvailable,
          })),
        };
      });
    },
  );
}
