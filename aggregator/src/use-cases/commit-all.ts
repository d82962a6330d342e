import { AppError } from '@fareflow/shared';

import type { AggregatorMetrics } from '../domain/ports';

/** Times one store's write into `metrics`, whether it succeeds or fails. */
export async function timed<T>(
  metrics: AggregatorMetrics,
  store: 'postgres' | 'cassandra',
  write: () => Promise<T>,
): Promise<T> {
  const started = performance.now();
  try {
    return await write();
  } finally {
    metrics.observeStoreWrite(store, (performance.now() - started) / 1000);
  }
}

/**
 * Waits for every write to settle, then fails if any failed. Waiting for all (rather than failing
 * fast) keeps the work in flight bounded: a batch is retried only once nothing of it is running.
 * A permanent error wins over a retryable one, so the consumer isolates the poison message.
 */
export async function commitAll(writes: readonly Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(writes);
  const failures = results.flatMap((result) => (result.status === 'rejected' ? [result.reason as unknown] : []));
  if (failures.length === 0) {
    return;
  }
  throw failures.find((failure) => failure instanceof AppError && !failure.isRetryable) ?? failures[0];
}

/** Seconds from each event time to now. */
export function lagsOf(eventTimes: readonly string[], nowMs: number): number[] {
  return eventTimes.map((iso) => Math.max(0, nowMs - Date.parse(iso)) / 1000);
}
