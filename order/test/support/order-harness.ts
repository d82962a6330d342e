import {
  createApiKey,
  createMetricsRegistry,
  createOfferCodec,
  createRegionRouter,
  defaultRegionMapping,
  exponentialBackoff,
  type Logger,
  type OfferCodec,
  type Publisher,
  type RegionRouter,
} from '@fareflow/shared';
import {
  createTestDatabase,
  silentLogger,
  type TestDatabase,
  uniqueName,
} from '@fareflow/shared/test/support/test-resources';

import { upsertInventory } from '../../src/adapters/inventory.repository';
import { createOutboxSentMarker } from '../../src/adapters/outbox-sent-marker';
import { createSimulatedPaymentGateway, type SimulatedFault } from '../../src/adapters/simulated-payment-gateway';
import { createSubmittedOrderWriter } from '../../src/adapters/submitted-order-writer';
import { settledChannelOf } from '../../src/config';
import { createOrderMetrics, type OrderMetrics } from '../../src/metrics';
import type { OrderCommandDeps } from '../../src/use-cases/order-commands';
import { createOrderProcessor, type OrderProcessor } from '../../src/use-cases/process-orders';
import { type OrderRequest, submitOrder, type SubmitOrderDeps } from '../../src/use-cases/submit-order';

export interface OrderHarness {
  db: TestDatabase;
  logger: Logger;
  metrics: OrderMetrics;
  /** The default region mapping, as the order service runs with it. */
  regions: RegionRouter;
  commands: OrderCommandDeps;
  processor: OrderProcessor;
  submitDeps: SubmitOrderDeps;
  /** Scripted gateway faults, consumed in order per call; empty = everything succeeds. */
  faults: SimulatedFault[];
  /** Every call the gateway received: [kind, key]. */
  gatewayCalls: [string, string][];
  /** Signs offers as the availability APIs do (same secret as the harness verifies with). */
  offers: OfferCodec;
  seedFlight(
    flightId: string,
    seats: number,
    price: string,
    oversell?: number,
    options?: { currency?: string; departureUtc?: Date },
  ): Promise<void>;
  submit(tenant: string, key: string, request: OrderRequest): Promise<string>;
  close(): Promise<void>;
}

/** A publisher that publishes nothing (for tests that drive the processor directly). */
export const nullPublisher: Publisher = { publish: async () => undefined, close: async () => undefined };

/** The secret the harness verifies offers with; tests mint offers with `harness.offers`. */
export const TEST_OFFER_SECRET = 'order-test-offer-secret-0123456789abcdef';
export const SALES_CUTOFF_MS = 60 * 60_000;
/** Seeded flights leave this far ahead unless a test says otherwise: well outside the sales cut-off. */
const DEFAULT_DEPARTURE_AHEAD_MS = 30 * 24 * 60 * 60_000;

export async function createOrderHarness(
  options: { publisher?: Publisher; holdTtlMs?: number; now?: () => Date } = {},
) {
  const db = await createTestDatabase();
  const offers = createOfferCodec(TEST_OFFER_SECRET);
  const logger = silentLogger();
  const metrics = createOrderMetrics(createMetricsRegistry('order-test'));
  const faults: SimulatedFault[] = [];
  const gatewayCalls: [string, string][] = [];
  const gateway = createSimulatedPaymentGateway({
    db: db.pool,
    declineRate: 0,
    timeoutRate: 0,
    latencyMs: 0,
    timeoutMs: 10,
    decideFault: (kind, key) => {
      gatewayCalls.push([kind, key]);
      return faults.shift() ?? 'none';
    },
  });
  const regions = createRegionRouter(defaultRegionMapping);
  const commands: OrderCommandDeps = {
    pool: db.pool,
    metrics,
    logger,
    settledChannel: settledChannelOf(db.schema),
    regionOfFlight: regions.regionOfFlight,
    salesCutoffMs: SALES_CUTOFF_MS,
    offers,
    ...(options.now ? { now: options.now } : {}),
    payments: { gateway, statusChecks: 2, statusBackoff: exponentialBackoff({ baseMs: 5, capMs: 20 }) },
  };
  const processor = createOrderProcessor(commands);
  const submitDeps: SubmitOrderDeps = {
    pool: db.pool,
    storeOrder: createSubmittedOrderWriter(db.pool),
    publisher: options.publisher ?? nullPublisher,
    sentMarker: createOutboxSentMarker({ db: db.pool, logger, flushMs: 5 }),
    onSaleCache: new Map(),
    onSaleCacheTtlMs: 1_000,
    logger,
    holdTtlMs: options.holdTtlMs ?? 15 * 60_000,
    relayGraceMs: 60_000,
    offers,
    salesCutoffMs: SALES_CUTOFF_MS,
    ...(options.now ? { now: options.now } : {}),
  };
  const harness: OrderHarness = {
    db,
    logger,
    metrics,
    regions,
    commands,
    processor,
    submitDeps,
    faults,
    gatewayCalls,
    offers,
    async seedFlight(flightId, seats, price, oversell = 0, flight = {}) {
      const now = options.now?.() ?? new Date();
      await upsertInventory(db.pool, {
        flightId,
        cabin: 'ECONOMY',
        airlineSeats: seats,
        oversellLimit: oversell,
        price,
        currency: flight.currency ?? 'EUR',
        departureUtc: flight.departureUtc ?? new Date(now.getTime() + DEFAULT_DEPARTURE_AHEAD_MS),
      });
    },
    async submit(tenant, key, request) {
      const { order } = await submitOrder(submitDeps, tenant, key, request);
      return order.orderId;
    },
    async close() {
      await submitDeps.sentMarker.close();
      await db.drop();
    },
  };
  return harness;
}

export const oneAdult = (flightId: string, family = 'Doe') => ({
  flightId,
  cabin: 'ECONOMY' as const,
  passengers: [{ type: 'ADT' as const, givenName: 'Jane', familyName: family }],
});

export const instantOrder = (...flightIds: string[]): OrderRequest => ({
  type: 'instant',
  items: flightIds.map((flightId) => oneAdult(flightId)),
  contact: { email: 'agent@example.com' },
  paymentToken: 'tok_visa',
});

export const holdOrder = (...flightIds: string[]): OrderRequest => ({
  type: 'hold',
  items: flightIds.map((flightId) => oneAdult(flightId)),
  contact: { email: 'agent@example.com' },
});

export async function createKey(harness: OrderHarness, tenant: string) {
  const { token } = await createApiKey(harness.db.pool, {
    name: uniqueName(`${tenant}-`),
    tenant,
    scopes: ['orders:write', 'orders:read'],
    rateLimitPerMinute: 1_000_000,
  });
  return token;
}

export interface SeatCounts {
  sold: number;
  held: number;
}

export async function seatsOf(harness: OrderHarness, flightId: string): Promise<SeatCounts> {
  const { rows } = await harness.db.pool.query<SeatCounts>(
    `SELECT sold, held FROM inventory WHERE flight_id = $1 AND cabin = 'ECONOMY'`,
    [flightId],
  );
  return rows[0] ?? { sold: -1, held: -1 };
}

export async function ledgerOf(harness: OrderHarness, orderId: string) {
  const { rows } = await harness.db.pool.query<{
    idempotency_key: string;
    kind: string;
    amount: string;
    status: string;
  }>(
    `SELECT idempotency_key, kind, amount::text, status FROM simulated_gateway_ledger
      WHERE idempotency_key LIKE $1 ORDER BY created_at`,
    [`order-${orderId}-%`],
  );
  return rows;
}

export async function statusOf(harness: OrderHarness, orderId: string): Promise<string | undefined> {
  const { rows } = await harness.db.pool.query<{ status: string }>('SELECT status FROM orders WHERE order_id = $1', [
    orderId,
  ]);
  return rows[0]?.status;
}
