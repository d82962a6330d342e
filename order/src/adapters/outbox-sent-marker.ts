import { coerceError, type Logger, type SqlExecutor } from '@fareflow/shared';

import { markOutboxSent } from './outbox.repository';

export interface OutboxSentMarker {
  /** Queues an outbox row id to be marked sent; rows are marked in one statement per flush. */
  mark(id: string): void;
  /** Flushes what is queued; idempotent. */
  close(): Promise<void>;
}

/**
 * Coalesces "mark sent" updates of rows the API published itself: one UPDATE (one commit) per
 * `flushMs` instead of one per order. A row whose mark is lost (crash, failed flush) is published
 * again by the relay after its grace period, which consumers tolerate (they dedupe).
 */
export function createOutboxSentMarker(options: {
  db: SqlExecutor;
  logger: Logger;
  flushMs: number;
}): OutboxSentMarker {
  let queued: string[] = [];
  let timer: NodeJS.Timeout | undefined;
  let flushing: Promise<void> = Promise.resolve();
  let isClosed = false;

  function flush(): Promise<void> {
    timer = undefined;
    const ids = queued;
    queued = [];
    if (ids.length === 0) {
      return flushing;
    }
    flushing = flushing
      .then(() => markOutboxSent(options.db, ids))
      .catch((error: unknown) =>
        options.logger.warn({ err: coerceError(error), rows: ids.length }, 'mark sent failed'),
      );
    return flushing;
  }

  return {
    mark(id) {
      if (isClosed) {
        // Shutting down: the relay publishes this row again after its grace period.
        return;
      }
      queued.push(id);
      timer ??= setTimeout(() => void flush(), options.flushMs);
    },
    async close() {
      isClosed = true;
      if (timer) {
        clearTimeout(timer);
      }
      await flush();
    },
  };
}
