import { coerceError, type Logger, type RegionOfFlight, withTransaction } from '@fareflow/shared';
import type { Pool } from 'pg';

import { findOrdersByIds, findStatuses, notifySettled } from '../adapters/order.repository';
import { findPayments, type PaymentRecord } from '../adapters/payment.repository';
import type { Order } from '../domain/order';
import type { OrderMetrics } from '../metrics';
import { type ChargeOutcome, finalizeCharges } from './finalize-charges';
import { reserveOrders } from './reserve-orders';
import { sendPayment, type SendPaymentDeps } from './send-payment';

export interface OrderProcessorDeps {
  pool: Pool;
  payments: SendPaymentDeps;
  metrics: OrderMetrics;
  logger: Logger;
  /** PostgreSQL NOTIFY channel on which API instances wait for orders to settle. */
  settledChannel: string;
  /** Region of a flight, for the routing key of its inventory events. */
  regionOfFlight: RegionOfFlight;
}

export interface OrderProcessor {
  /**
   * Executes a batch of submitted orders: seats in one transaction, then the charges, then the
   * outcome in a second transaction. Safe to call again with the same ids (redelivery): pending
   * orders are executed, orders caught between the two transactions are resumed (their charge is
   * looked up by its key first), and finished ones are left alone. Throws if some charge's outcome
   * is still unknown, so that the message is redelivered and the charge resumed.
   */
  process(orderIds: string[]): Promise<void>;
}

interface Charge {
  order: Order;
  payment: PaymentRecord;
  mayHaveBeenSent: boolean;
}

export function createOrderProcessor(deps: OrderProcessorDeps): OrderProcessor {
  const { pool, metrics } = deps;

  async function findResumable(orderIds: string[], claimed: Set<string>): Promise<Charge[]> {
    const others = orderIds.filter((id) => !claimed.has(id));
    if (others.length === 0) {
      return [];
    }
    const statuses = await findStatuses(pool, others);
    const stuck = others.filter((id) => statuses.get(id) === 'processing');
    if (stuck.length === 0) {
      return [];
    }
    const [orders, payments] = await Promise.all([findOrdersByIds(pool, stuck), findPayments(pool, stuck)]);
    return orders.flatMap((order) => {
      const payment = payments.find((p) => p.orderId === order.orderId && p.kind === 'charge');
      return payment ? [{ order, payment, mayHaveBeenSent: true }] : [];
    });
  }

  async function charge(item: Charge): Promise<ChargeOutcome> {
    const result =
      item.payment.status === 'pending'
        ? await sendPayment(deps.payments, {
            payment: item.payment,
            paymentToken: item.order.paymentToken,
            description: `Fareflow order ${item.order.orderId}`,
            mayHaveBeenSent: item.mayHaveBeenSent,
          })
        : item.payment.status === 'succeeded'
          ? { status: 'succeeded' as const, reference: item.payment.gatewayReference ?? '' }
          : {
              status: 'declined' as const,
              reference: item.payment.gatewayReference ?? '',
              reason: item.payment.declineReason ?? 'declined',
            };
    return { orderId: item.order.orderId, idempotencyKey: item.payment.idempotencyKey, result };
  }

  return {
    async process(orderIds) {
      const reservation = await withTransaction(pool, async (tx) => {
        const result = await reserveOrders(tx, orderIds, deps.regionOfFlight);
        await notifySettled(
          tx,
          deps.settledChannel,
          result.settled.map((entry) => entry.orderId),
        );
        return result;
      });
      metrics.seatConflicts.inc(reservation.seatConflicts);
      reservation.settled.forEach((entry) => metrics.ordersByStatus.inc({ status: entry.status }));
      const claimedIds = new Set(reservation.claimed.map((order) => order.orderId));
      const charges: Charge[] = [
        ...reservation.charges.map((entry) => ({ ...entry, mayHaveBeenSent: false })),
        ...(await findResumable(orderIds, claimedIds)),
      ];
      if (charges.length === 0) {
        return;
      }
      const attempts = await Promise.allSettled(charges.map(charge));
      const outcomes = attempts.flatMap((attempt) => (attempt.status === 'fulfilled' ? [attempt.value] : []));
      const finalized = await withTransaction(pool, async (tx) => {
        const result = await finalizeCharges(tx, outcomes, deps.regionOfFlight);
        await notifySettled(
          tx,
          deps.settledChannel,
          result.settled.map((entry) => entry.orderId),
        );
        return result;
      });
      finalized.settled.forEach((entry) => metrics.ordersByStatus.inc({ status: entry.status }));
      metrics.paymentFailures.inc({ reason: 'declined' }, finalized.declined);
      const failure = attempts.find((attempt) => attempt.status === 'rejected');
      if (failure) {
        const error = coerceError(failure.reason);
        deps.logger.warn({ err: error }, 'some charges have no outcome yet; the batch will be redelivered');
        throw error;
      }
    },
  };
}
