import { HttpError } from '@fareflow/shared';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

import { errorResponses, redirectResponse } from '../../schemas/common';
import { toLeg } from '../../schemas/fares';
import { streamQuery } from '../../schemas/stream';
import type { StreamEvent } from '../../use-cases/fare-stream-hub';
import { redirectIfForeign, type RouteContext } from '../route-context';

const HEARTBEAT_MS = 15_000;
const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  'x-accel-buffering': 'no',
};

/** A hijacked reply writes its own head: keep the CORS headers the CORS hook already set on the reply. */
function corsHeadersOf(reply: FastifyReply): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) {
    if (name.startsWith('access-control-') || name === 'vary') {
      headers[name] = String(value);
    }
  }
  return headers;
}

/**
 * `GET /v1/fares/stream`: Server-Sent Events. `snapshot` first (the route's fares with a seat left),
 * then `change` for every new fare and price or seat change, `removed` for a fare that sold out or is
 * no longer offered, `unavailable` while the store cannot be read. `HEAD` answers the headers at once
 * and opens no stream. Changes
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
        description:
          'Events: `snapshot` (fares with a seat left), `change` (a new fare, or a new price or seat count, with ' +
          '`previous`), `removed` (`reason`: `SOLD_OUT` or `NOT_OFFERED`), `unavailable`. No event ever carries a ' +
          'sold-out fare. `HEAD` answers the headers and opens no stream.',
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
      if (request.method === 'HEAD') {
        // Fastify's HEAD sibling of this route: the headers a stream would start with, and no stream.
        reply.hijack();
        reply.raw.writeHead(200, { ...STREAM_HEADERS, ...corsHeadersOf(reply) }).end();
        return reply;
      }
      if (context.streams.connectionCount >= context.maxStreams) {
        throw new HttpError(503, 'TOO_MANY_STREAMS', 'too many live streams on this instance; retry shortly');
      }
      reply.hijack();
      const response = reply.raw;
      response.writeHead(200, { ...STREAM_HEADERS, ...corsHeadersOf(reply), connection: 'keep-alive' });
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
    case 'removed':
      if (!cabin || event.fare.cabin === cabin) {
        send('removed', { flightId: event.fare.flightId, cabin: event.fare.cabin, reason: event.reason });
      }
      return;
    case 'unavailable':
      send('unavailable', { message: event.message });
      return;
  }
}
