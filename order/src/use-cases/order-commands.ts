import type { Logger, RegionOfFlight, SqlExecutor } from '@fareflow/shared';
import type { Pool } from 'pg';

import { findOrder } from '../adapters/order-reads.repository';
import type { Order } from '../domain/order';
import { orderNotFound } from '../domain/order-errors';
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
  /** The clock the lifecycle's time rules (hold deadlines) read; defaults to the system clock. */
  now?: () => Date;
}

/** The caller's order as stored now (after a command), or ORDER_NOT_FOUND. */
export async function readOrder(db: SqlExecutor, tenant: string, orderId: string): Promise<Order> {
  const order = await findOrder(db, tenant, orderId);
  if (!order) {
    throw orderNotFound(orderId);
  }
  return order;
}
