import type { Logger, OfferCodec, RegionOfFlight, SqlExecutor } from '@fareflow/shared';
import type { Pool } from 'pg';

import { findOrder } from '../adapters/order-reads.repository';
import type { Order } from '../domain/order';
import { orderNotFound } from '../domain/order-errors';
import type { SalesClock } from '../domain/seat-allocation';
import type { OrderMetrics } from '../metrics';
import type { SendPaymentDeps } from './send-payment';

/** What the synchronous order commands (cancel, change, pay, sweeper) need. */
export interface OrderCommandDeps {
  pool: Pool;
  payments: SendPaymentDeps;
  metrics: OrderMetrics;
  logger: Logger;
  settledChannel: string;
  /** Region of a flight, for the routing key of its inventory events (`inventory.changed.v1.<region>`). */
  regionOfFlight: RegionOfFlight;
  /** The clock the lifecycle's time rules (hold deadlines, sales cut-offs) read; defaults to the system clock. */
  now?: () => Date;
  /** No order, change or hold payment for a flight departing within this long (SALES_CUTOFF_MINUTES). */
  salesCutoffMs: number;
  /** Verifies the offer ids the availability APIs signed (changes onto an offer). */
  offers: OfferCodec;
}

/** The sales clock of a command: now, and the cut-off. */
export const salesClockOf = (deps: Pick<OrderCommandDeps, 'now' | 'salesCutoffMs'>): SalesClock => ({
  nowMs: (deps.now?.() ?? new Date()).getTime(),
  cutoffMs: deps.salesCutoffMs,
});

/** The caller's order as stored now (after a command), or ORDER_NOT_FOUND. */
export async function readOrder(db: SqlExecutor, tenant: string, orderId: string): Promise<Order> {
  const order = await findOrder(db, tenant, orderId);
  if (!order) {
    throw orderNotFound(orderId);
  }
  return order;
}
