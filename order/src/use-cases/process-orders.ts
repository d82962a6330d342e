import { coerceError, type Logger, type RegionOfFlight, withTransaction } from '@fareflow/shared';
import type { Pool } from 'pg';

import { findOrdersByIds, findStatuses } from '../adapters/order-reads.repository';
import { findPayments } from '../adapters/payment.repository';
import type { Order } from '../domain/order';
import { chargeKeyOf, isAwaitingWorkerCharge } from '../domain/order-lifecycle';
import { type PaymentAnswer, type PaymentRecord, pendingPayment, recordedAnswer } from '../domain/payment';
import type { OrderMetrics } from '../metrics';
import { type ChargeOutcome, finalizeCharges } from './finalize-charges';
import { salesClockOf } from './order-commands';
import { reserveOrders } from './reserve-orders';
import { sendPayment, type SendPaymentDeps } from './send-payment';
import { countSettled } from './write-decisions';

export interface OrderProcessorDeps {
  pool: Pool;
  payments: SendPaymentDeps;
  metrics: OrderMetrics;
  logger: Logger;
  /** PostgreSQL NOTIFY channel on which API instances wait for orders to settle. */
  settledChannel: string;
  /** Region of a flight, for the routing key of its inventory events. */
  regionOfFlight: RegionOfFlight;
  /** Orders for flights departing within this long fail SALES_CLOSED (or DEPARTED). */
  salesCutoffMs: number;
  now?: () => Date;
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

type Attempt = { isSettled: true; outcome: ChargeOutcome } | { isSettled: false; error: unknown };

export function createOrderProcessor(deps: OrderProcessorDeps): OrderProcessor {
  const { pool, metrics } = deps;

  async function findResumable(orderIds: string[], claimed: Set<string>): Promise<Charge[]> {
    const others = orderIds.filter((id) => !claimed.has(id));
    if (others.length === 0) {
      return [];
    }
    const statuses = await findStatuses(pool, others);
    const stuck = [...statuses].flatMap(([id, status]) => (isAwaitingWorkerCharge(status) ? [id] : []));
    if (stuck.length === 0) {
      return [];
    }
    const [orders, payments] = await Promise.all([findOrdersByIds(pool, stuck), findPayments(pool, stuck)]);
    return orders.flatMap((order) => {
      const payment = payments.find((p) => p.idempotencyKey === chargeKeyOf(order.orderId));
      return payment ? [{ order, payment, mayHaveBeenSent: true }] : [];
    });
  }

  async function charge(item: Charge): Promise<Attempt> {
    try {
      const result: PaymentAnswer =
        recordedAnswer(item.payment) ??
        (await sendPayment(deps.payments, {
          payment: item.payment,
          paymentToken: item.order.paymentToken,
          description: `Fareflow order ${item.order.orderId}`,
          mayHaveBeenSent: item.mayHaveBeenSent,
        }));
      return {
        isSettled: true,
        outcome: { orderId: item.order.orderId, idempotencyKey: item.payment.idempotencyKey, result },
      };
    } catch (error) {
      return { isSettled: false, error };
    }
  }

  return {
    async process(orderIds) {
      const context = {
        regionOfFlight: deps.regionOfFlight,
        settledChannel: deps.settledChannel,
        clock: salesClockOf(deps),
      };
      const reservation = await withTransaction(pool, (tx) => reserveOrders(tx, orderIds, context));
      metrics.seatConflicts.inc(reservation.seatConflicts);
      countSettled(metrics, reservation.applied);
      const claimedIds = new Set(reservation.claimed.map((order) => order.orderId));
      const charges: Charge[] = [
        ...reservation.charges.map(({ order, charge: toSend }) => ({
          order,
          payment: pendingPayment(toSend.payment),
          mayHaveBeenSent: false,
        })),
        ...(await findResumable(orderIds, claimedIds)),
      ];
      if (charges.length === 0) {
        return;
      }
      const attempts = await Promise.all(charges.map(charge));
      const outcomes = attempts.flatMap((attempt) => (attempt.isSettled ? [attempt.outcome] : []));
      const finalized = await withTransaction(pool, (tx) => finalizeCharges(tx, outcomes, context));
      countSettled(metrics, finalized.applied);
      metrics.paymentFailures.inc({ reason: 'declined' }, finalized.declined);
      const failure = attempts.find((attempt) => !attempt.isSettled);
      if (failure && !failure.isSettled) {
        const error = coerceError(failure.error);
        deps.logger.warn({ err: error }, 'some charges have no outcome yet; the batch will be redelivered');
        throw error;
      }
    },
  };
}
