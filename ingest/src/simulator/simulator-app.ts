import type { Cabin, Logger } from '@fareflow/shared';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';

import type { Clock } from '../domain/clock';
import type { AirlineProfile } from './domain/airline-profiles';
import { createFaultInjector, type FaultSettings } from './domain/faults';
import { createInventory } from './domain/inventory';
import { createOrderBook } from './domain/order-book';
import { buildSchedule } from './domain/schedule';
import { registerAmadeusRoutes } from './routes/amadeus.routes';
import { registerControlRoutes } from './routes/control.routes';
import { registerDuffelRoutes } from './routes/duffel.routes';
import { registerFeedRoutes } from './routes/feed.routes';
import type { SimulatorContext, SimulatorCredentials } from './simulator-context';

export interface SimulatorOptions {
  routes: readonly (readonly [string, string, string])[];
  profiles: readonly AirlineProfile[];
  flightsPerDay: number;
  maxRoutes?: number;
  seed: number;
  cabins: readonly Cabin[];
  /** Share of routes a sale day reaches. */
  saleShare: number;
  faults: FaultSettings;
  credentials: SimulatorCredentials;
  clock: Clock;
  changeLogLimit: number;
  logger: Logger;
}

export interface Simulator {
  app: FastifyInstance;
  context: SimulatorContext;
}

/**
 * The airline simulator: several airlines on an OpenFlights route network, each speaking one of
 * the three formats, with a market that moves with (simulated) time and faults on demand.
 */
export function createSimulator(options: SimulatorOptions): Simulator {
  const schedule = buildSchedule({
    routes: options.routes,
    profiles: options.profiles,
    flightsPerDay: options.flightsPerDay,
    seed: options.seed,
    ...(options.maxRoutes === undefined ? {} : { maxRoutes: options.maxRoutes }),
  });
  const inventory = createInventory({
    schedule,
    clock: options.clock,
    fareModel: { seed: options.seed, cabins: options.cabins, saleShare: options.saleShare },
    changeLogLimit: options.changeLogLimit,
  });
  const context: SimulatorContext = {
    schedule,
    inventory,
    orderBook: createOrderBook({ schedule, inventory, clock: options.clock }),
    faults: createFaultInjector(options.faults),
    clock: options.clock,
    cabins: options.cabins,
    credentials: options.credentials,
    carrierNames: new Map(options.profiles.map((profile) => [profile.carrier, profile.name])),
  };
  const app: FastifyInstance = Fastify({
    // Request lines are info level; at thousands of requests a second only warnings are kept.
    loggerInstance: options.logger.child(
      { component: 'simulator' },
      { level: quieter(options.logger.level, 'warn') },
    ) as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
  });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(String(body))));
  });
  registerAmadeusRoutes(app, context);
  registerDuffelRoutes(app, context);
  registerFeedRoutes(app, context);
  registerControlRoutes(app, context);
  return { app, context };
}

/** The less verbose of two pino levels, so a silent parent stays silent. */
function quieter(level: string, floor: string): string {
  const order = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];
  return order.indexOf(level) > order.indexOf(floor) ? level : floor;
}
