import { coerceError, type Logger, sleep } from '@fareflow/shared';
import type { Pool, PoolClient } from 'pg';

/**
 * Waits for orders to settle, fed by PostgreSQL NOTIFY (the worker notifies in the transaction that
 * settles an order, so the signal arrives only after the commit). Best effort: a lost connection
 * makes waiters time out, and callers always read the order from the database afterwards.
 */
export interface SettledListener {
  /** Resolves true when the order is reported settled, false after `timeoutMs`. */
  waitFor(orderId: string, timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
}

export async function createSettledListener(options: {
  pool: Pool;
  channel: string;
  logger: Logger;
}): Promise<SettledListener> {
  const waiters = new Map<string, Set<(isSettled: boolean) => void>>();
  let client: PoolClient | undefined;
  let isClosed = false;

  const onNotification = (message: { channel: string; payload?: string | undefined }) => {
    for (const orderId of (message.payload ?? '').split(',')) {
      const pending = waiters.get(orderId);
      if (pending) {
        waiters.delete(orderId);
        pending.forEach((resolve) => resolve(true));
      }
    }
  };

  async function connect(): Promise<void> {
    const next = await options.pool.connect();
    next.on('notification', onNotification);
    next.on('error', (error: unknown) => {
      options.logger.warn({ err: coerceError(error) }, 'settled listener connection lost; reconnecting');
      next.release(true);
      client = undefined;
      void reconnect();
    });
    await next.query(`LISTEN "${options.channel.replace(/"/g, '')}"`);
    client = next;
  }

  async function reconnect(): Promise<void> {
    while (!isClosed && !client) {
      await sleep(1_000);
      await connect().catch((error: unknown) => options.logger.warn({ err: coerceError(error) }, 'listen failed'));
    }
  }

  await connect();

  return {
    waitFor(orderId, timeoutMs) {
      return new Promise((resolve) => {
        const set = waiters.get(orderId) ?? new Set();
        const done = (isSettled: boolean) => {
          clearTimeout(timer);
          resolve(isSettled);
        };
        const timer = setTimeout(() => {
          set.delete(done);
          if (set.size === 0) {
            waiters.delete(orderId);
          }
          resolve(false);
        }, timeoutMs);
        set.add(done);
        waiters.set(orderId, set);
      });
    },
    async close() {
      isClosed = true;
      for (const pending of waiters.values()) {
        pending.forEach((resolve) => resolve(false));
      }
      waiters.clear();
      const current = client;
      client = undefined;
      if (current) {
        await current.query('UNLISTEN *').catch(() => undefined);
        current.release();
      }
    },
  };
}
