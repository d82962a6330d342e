import type { FastifyInstance } from 'fastify';
import { z } from 'zod';

import type { SimulatorContext } from '../simulator-context';

const changesQuery = z.object({
  since: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(100_000).default(10_000),
});

/** The simulator's own view, for tests and operators: its change record and counters. */
export function registerControlRoutes(app: FastifyInstance, context: SimulatorContext): void {
  app.get('/sim/changes', async (request, reply) => {
    const query = changesQuery.safeParse(request.query);
    if (!query.success) {
      return reply
        .code(400)
        .send({ error: query.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ') });
    }
    const changes = context.inventory.changes(query.data.since, query.data.limit);
    return { lastSeq: context.inventory.lastSeq(), changes };
  });

  app.post('/sim/sweep', async () => ({ changed: context.inventory.sweep(), lastSeq: context.inventory.lastSeq() }));

  app.get('/sim/status', async () => ({
    now: new Date(context.clock.now()).toISOString(),
    flightsPerDay: context.schedule.flightsPerDay,
    routes: context.schedule.routes.length,
    trackedFares: context.inventory.trackedCount(),
    lastChangeSeq: context.inventory.lastSeq(),
    orders: context.orderBook.orderCount(),
    faults: context.faults.counts(),
  }));
}
