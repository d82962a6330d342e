import { exponentialBackoff, type Logger, type Publisher, withTransaction } from '@fareflow/shared';
import type { Pool } from 'pg';

import {
  deleteSentOutboxRows,
  lockDueOutboxRows,
  markOutboxSent,
  measureOutboxBacklog,
} from '../adapters/outbox.repository';
import type { OrderMetrics } from '../metrics';
import { createPeriodicLoop, type PeriodicLoop } from './periodic-loop';

export interface OutboxRelayDeps {
  pool: Pool;
  /** Publishes to the events exchange with confirms; its `prepare` declares the queues fed. */
  publisher: Publisher;
  logger: Logger;
  metrics: OrderMetrics;
  batchSize: number;
  pollIntervalMs: number;
  /** Sent rows are kept this long (for audit and debugging), then deleted. */
  retentionMs: number;
}

export interface OutboxRelay extends PeriodicLoop {
  /** Relays one batch; returns how many rows were sent. */
  relayOnce(): Promise<number>;
}

/**
 * Relays outbox rows to RabbitMQ: locks a batch (SKIP LOCKED, so relays can run in parallel),
 * publishes every row and waits for the broker's confirms, then marks them sent in the same
 * transaction. A crash between publish and commit re-sends the batch: consumers dedupe by message id.
 */
export function createOutboxRelay(deps: OutboxRelayDeps): OutboxRelay {
  const logger = deps.logger.child({ component: 'outbox-relay' });
  let lastHousekeeping = 0;

  async function relayOnce(): Promise<number> {
    return withTransaction(deps.pool, async (tx) => {
      const rows = await lockDueOutboxRows(tx, deps.batchSize);
      await Promise.all(
        rows.map((row) => deps.publisher.publish(row.routingKey, row.payload, { messageId: row.messageId })),
      );
      await markOutboxSent(
        tx,
        rows.map((row) => row.id),
      );
      return rows.length;
    });
  }

  async function housekeeping(): Promise<void> {
    const now = Date.now();
    if (now - lastHousekeeping < 1_000) {
      return;
    }
    lastHousekeeping = now;
    const backlog = await measureOutboxBacklog(deps.pool);
    deps.metrics.outboxPending.set(backlog.pending);
    deps.metrics.outboxLagSeconds.set(backlog.oldestAgeSeconds);
    await deleteSentOutboxRows(deps.pool, deps.retentionMs, 5_000);
  }

  const loop = createPeriodicLoop({
    name: 'outbox-relay',
    logger,
    intervalMs: deps.pollIntervalMs,
    errorBackoff: exponentialBackoff({ baseMs: 100, capMs: 5_000 }),
    async tick() {
      const sent = await relayOnce();
      await housekeeping();
      return sent === deps.batchSize;
    },
  });
  return { ...loop, relayOnce };
}
