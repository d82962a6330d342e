import { Counter, Gauge, type Registry } from 'prom-client';

/** Webhook delivery metrics of the order service. */
export interface WebhookMetrics {
  /** Attempts by outcome: succeeded, retry, failed (gave up), skipped (put back: the endpoint did not answer). */
  deliveries: Counter<'outcome'>;
  /** Deliveries being sent by this process (at most WEBHOOK_CONCURRENCY endpoints' batches). */
  inFlight: Gauge;
}

export function createWebhookMetrics(registry: Registry): WebhookMetrics {
  return {
    deliveries: new Counter({
      name: 'fareflow_webhook_deliveries_total',
      help: 'Webhook delivery attempts by outcome',
      labelNames: ['outcome'],
      registers: [registry],
    }),
    inFlight: new Gauge({
      name: 'fareflow_webhook_deliveries_in_flight',
      help: 'Webhook deliveries being sent by this process',
      registers: [registry],
    }),
  };
}
