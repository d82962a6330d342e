import { Counter, Histogram, type Registry } from 'prom-client';

import type { AggregatorMetrics } from '../domain/ports';

/** The aggregator's Prometheus metrics (`aggregator_*`), served on the worker's metrics port. */
export function createPrometheusAggregatorMetrics(registry: Registry): AggregatorMetrics {
  const committed = new Counter({
    name: 'aggregator_messages_committed_total',
    help: 'Messages written to every store and acked (rate() gives messages/s)',
    labelNames: ['queue'],
    registers: [registry],
  });
  const batchSize = new Histogram({
    name: 'aggregator_batch_size',
    help: 'Messages per handled batch',
    labelNames: ['queue'],
    buckets: [1, 10, 50, 100, 250, 500, 1000, 2000],
    registers: [registry],
  });
  const storeWrite = new Histogram({
    name: 'aggregator_store_write_seconds',
    help: 'Time to write one batch to a store (until committed or failed)',
    labelNames: ['store'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const lag = new Histogram({
    name: 'aggregator_end_to_end_lag_seconds',
    help: 'Event time (observedAt / changedAt) to committed in every store',
    labelNames: ['queue'],
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [registry],
  });
  const deadLetters = new Counter({
    name: 'aggregator_dead_letters_total',
    help: 'Messages sent to the dead-letter queue, by reason code',
    labelNames: ['queue', 'code'],
    registers: [registry],
  });
  return {
    observeBatch: (queue, size) => batchSize.observe({ queue }, size),
    observeStoreWrite: (store, seconds) => storeWrite.observe({ store }, seconds),
    observeCommitted(queue, lagSeconds) {
      committed.inc({ queue }, lagSeconds.length);
      const child = lag.labels({ queue });
      lagSeconds.forEach((seconds) => child.observe(seconds));
    },
    countDeadLetter: (queue, code) => deadLetters.inc({ queue, code }),
  };
}
