import { HttpError } from '@fareflow/shared';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

import { errorResponses, redirectResponse } from '../../schemas/common';
import { toLeg } from '../../schemas/fares';
import { streamQuery } from '../../schemas/stream';
import type { StreamEvent } from '../../use-cases/fare-stream-hub';
import { redirectIfForeign, type RouteContext } from '../route-context';

const HEARTBEAT_MS = 15_000;

/**
 * `GET /v1/fares/stream`: Server-Sent Events. `snapshot` first (the route's current fares), then
 * `change` for every price or seat change, `unavailable` while the store cannot be read. Changes
 * come from polling the route's partition (see FareStreamHub), so they reflect exactly what the
 * API serves, within one poll interval.
 */
export function registerStreamRoutes(app: FastifyInstance, context: RouteContext): void {
  app.addHook('preClose', (done) => {
    context.streams.close();
    done();
  });
  app.withTypeProvider<ZodTypeProvider>().get(
    '/v1/fares/stream',
    {
      schema: {
        summary: 'Live price and seat changes of a route and day (Server-Sent Events)',
        tags: ['fares'],
        security: [{ apiKey: [] }],
        querystring: streamQuery,
        response: { ...redirectResponse, ...errorResponses },
        produces: ['text/event-stream'],
      },
      preHandler: context.guard.requireScope('availability:read'),
    },
    async (request, reply) => {
      const { cabin, ...route } = request.query;
      if (redirectIfForeign(context, route.origin, request, reply)) {
        return reply;
      }
      if (context.streams.connectionCount >= context.maxStreams) {
        throw new HttpError(503, 'TOO_MANY_STREAMS', 'too many live streams on this instance; retry shortly');
      }
      reply.hijack();
      const response = reply.raw;
      response.writeHead(200, {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        connection: 'keep-alive',
        'x-accel-buffering': 'no',
      });
      response.write('retry: 2000\n\n');
      const send = (event: string, data: unknown) =>
        response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
      const heartbeat = setInterval(() => response.write(': ping\n\n'), HEARTBEAT_MS);
      const unsubscribe = context.streams.subscribe(route, {
        onEvent: (event) => sendEvent(send, event, cabin),
        onEnd: () => response.end(),
      });
      response.once('close', () => {
        clearInterval(heartbeat);
        unsubscribe();
      });
      return reply;
    },
  );
}

function sendEvent(send: (event: string, data: unknown) => void, event: StreamEvent, cabin: string | undefined): void {
  switch (event.type) {
    case 'snapshot':
      send('snapshot', { fares: event.fares.filter((fare) => !cabin || fare.cabin === cabin).map(toLeg) });
      return;
    case 'change':
      if (!cabin || event.fare.cabin === cabin) {
        const previous = event.previous
          ? {
              price: { amount: event.previous.price, currency: event.previous.currency },
              seatsAvailable: event.previous.seatsAvailable,
            }
          : null;
        send('change', { cabin: event.fare.cabin, fare: toLeg(event.fare), previous });
      }
      return;
    case 'unavailable':
      send('unavailable', { message: event.message });
      return;
  }
}
