import type { Cabin } from '@fareflow/shared';
import type { FastifyReply } from 'fastify';

import type { Clock } from '../domain/clock';
import type { Fault, FaultInjector } from './domain/faults';
import type { Inventory } from './domain/inventory';
import type { OrderBook } from './domain/order-book';
import type { Schedule, ScheduledFlight } from './domain/schedule';
import type { QuotedFare } from './formats/quoted-fare';

export interface SimulatorCredentials {
  amadeusClientId: string;
  amadeusClientSecret: string;
  amadeusTokenLifetimeSeconds: number;
  /** Requests per second per Amadeus client before 429 (0 = unlimited). */
  amadeusRateLimitPerSecond: number;
  duffelAccessToken: string;
}

/** What every simulator route needs; built once by `createSimulator`. */
export interface SimulatorContext {
  schedule: Schedule;
  inventory: Inventory;
  orderBook: OrderBook;
  faults: FaultInjector;
  clock: Clock;
  cabins: readonly Cabin[];
  credentials: SimulatorCredentials;
  carrierNames: Map<string, string>;
}

/** Quotes the cabins of the flights that are still for sale, and records them as served. */
export function quoteFares(
  context: SimulatorContext,
  flights: ScheduledFlight[],
  cabins: readonly Cabin[],
): QuotedFare[] {
  const now = context.clock.now();
  const fares: QuotedFare[] = [];
  for (const flight of flights) {
    if (flight.departureEpochMs <= now) {
      continue;
    }
    for (const cabin of cabins) {
      const quote = context.inventory.quote(flight, cabin);
      context.inventory.served(flight, cabin, quote);
      fares.push({ flight, cabin, quote });
    }
  }
  return fares;
}

export interface FaultReplies {
  serverError(): unknown;
  rateLimited(): unknown;
  expiredToken(): unknown;
  timeout(): unknown;
}

/**
 * Applies an injected fault that replaces the whole answer. Returns true if it replied.
 * `malformed` is left to the caller, who has a body to break.
 */
export async function replyWithFault(
  reply: FastifyReply,
  fault: Fault,
  faults: FaultInjector,
  bodies: FaultReplies,
): Promise<boolean> {
  switch (fault) {
    case 'server-error':
      await reply.code(503).send(bodies.serverError());
      return true;
    case 'rate-limit':
      await reply.code(429).header('retry-after', String(faults.settings.retryAfterSeconds)).send(bodies.rateLimited());
      return true;
    case 'expired-token':
      await reply.code(401).send(bodies.expiredToken());
      return true;
    case 'timeout':
      await new Promise((resolve) => setTimeout(resolve, faults.settings.timeoutHangMs));
      await reply.code(504).send(bodies.timeout());
      return true;
    default:
      return false;
  }
}

/** Sends `body`, broken if the fault says so: half the JSON text, or a valid JSON of the wrong shape. */
export async function sendPossiblyMalformed(
  reply: FastifyReply,
  status: number,
  body: unknown,
  fault: Fault,
): Promise<void> {
  if (fault !== 'malformed') {
    await reply.code(status).send(body);
    return;
  }
  const text = JSON.stringify(body);
  const broken =
    text.length % 2 === 0
      ? text.slice(0, Math.floor(text.length / 2))
      : JSON.stringify({ data: 'temporarily unavailable' });
  await reply.code(status).type('application/json').send(broken);
}

export const sleep = (ms: number) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve());
