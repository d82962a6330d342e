import { Counter, Gauge, type Registry } from 'prom-client';

/** The order service's business metrics (process metrics come with the registry). */
export interface OrderMetrics {
  /** Orders that reached a state by the worker, sweeper or a command, by that state. */
  ordersByStatus: Counter<'status'>;
  /** Orders refused because a flight had no seat left within the limits. */
  seatConflicts: Counter;
  paymentFailures: Counter<'reason'>;
  holdExpiries: Counter;
  /** Age of the oldest outbox row not yet relayed (0 when the outbox is empty). */
  outboxLagSeconds: Gauge;
  outboxPending: Gauge;
}

export function createOrderMetrics(registry: Registry): OrderMetrics {
  return {
    ordersByStatus: new Counter({
      name: 'fareflow_orders_total',
      help: 'Orders by the state they reached',
      labelNames: ['status'],
      registers: [registry],
    }),
    seatConflicts: new Counter({
      name: 'fareflow_order_seat_conflicts_total',
      help: 'Orders refused for lack of seats within the booking and oversell limits',
      registers: [registry],
    }),
    paymentFailures: new Counter({
      name: 'fareflow_order_payment_failures_total',
      help: 'Payment calls that were declined or timed out',
      labelNames: ['reason'],
      registers: [registry],
    }),
    holdExpiries: new Counter({
      name: 'fareflow_order_hold_expiries_total',
      help: 'Holds that lapsed unpaid and gave their seats back',
      registers: [registry],
    }),
    outboxLagSeconds: new Gauge({
      name: 'fareflow_order_outbox_lag_seconds',
      help: 'Age of the oldest unrelayed outbox row',
      registers: [registry],
    }),
    outboxPending: new Gauge({
      name: 'fareflow_order_outbox_pending',
      help: 'Outbox rows not yet relayed',
      registers: [registry],
    }),
  };
}
