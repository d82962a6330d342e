import { createHash } from 'node:crypto';

import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

import { renderFeed } from '../formats/feed-format';
import { quoteFares, replyWithFault, sendPossiblyMalformed, type SimulatorContext, sleep } from '../simulator-context';

const feedQuery = z.object({
  carrier: z.string().regex(/^[A-Z0-9]{2}$/),
  origin: z.string().regex(/^[A-Z]{3}$/),
  date: z.iso.date(),
});

const feedError = (status: number, message: string) => ({ error: { status, message } });

/** Fareflow's plain airline feed: `GET /feed/v1/fares?carrier&origin&date`, with ETag / If-None-Match. */
export function registerFeedRoutes(app: FastifyInstance, context: SimulatorContext): void {
  const { faults, clock } = context;
  const faultBodies = {
    serverError: () => feedError(503, 'simulated outage'),
    rateLimited: () => feedError(429, 'simulated rate limit'),
    expiredToken: () => feedError(401, 'unauthorized'),
    timeout: () => feedError(504, 'simulated timeout'),
  };

  app.get('/feed/v1/fares', async (request, reply) => {
    await sleep(faults.latencyMs());
    const fault = faults.decide(false);
    if (await replyWithFault(reply, fault, faults, faultBodies)) {
      return reply;
    }
    const query = feedQuery.safeParse(request.query);
    if (!query.success) {
      const message = query.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
      return reply.code(400).send(feedError(400, message));
    }
    const { carrier, origin, date } = query.data;
    if (context.schedule.profileOf(carrier)?.format !== 'feed') {
      return reply.code(404).send(feedError(404, `no feed for carrier ${carrier}`));
    }
    const fares = quoteFares(context, context.schedule.flightsFrom(carrier, origin, date), context.cabins);
    const body = renderFeed(fares, carrier, date, clock.now());
    // The tag covers the fares, not `generatedAt`: unchanged fares keep their tag.
    const etag = `"${createHash('sha1').update(JSON.stringify(body.flights)).digest('base64url')}"`;
    if (request.headers['if-none-match'] === etag && fault === 'none') {
      return reply.code(304).header('etag', etag).send();
    }
    const [first] = body.flights;
    if (first && faults.corruptOffer()) {
      (first as { departureLocal?: unknown }).departureLocal = 'soon';
    }
    return sendPossiblyMalformed(reply.header('etag', etag).header('cache-control', 'no-cache'), 200, body, fault);
  });
}
