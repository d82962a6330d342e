import { coerceError, type Logger, PermanentError, RetryableError, withTransaction } from '@fareflow/shared';
import type { Pool } from 'pg';

import { utcMonthOf } from '../domain/event-time';
import type { HistoryRow, PriceHistoryStore } from '../domain/ports';
import { batchInsertPriceObservations, ensurePriceObservationPartitions } from './price-observation.repository';

export interface PgPriceHistoryStore extends PriceHistoryStore {
  /** Creates the partitions from last month to `monthsAhead` months after this one. */
  ensureAhead(nowMs: number, monthsAhead: number): Promise<void>;
}

export interface PgPriceHistoryStoreDeps {
  pool: Pool;
  logger: Logger;
}

/**
 * The price history in PostgreSQL. Before a batch it creates any monthly partition its rows need
 * that this process has not seen yet (a cache of known months keeps that to one query per month);
 * if a partition vanished anyway (e.g. detached), the "no partition" error recreates it and retries once.
 */
export function createPgPriceHistoryStore({ pool, logger }: PgPriceHistoryStoreDeps): PgPriceHistoryStore {
  const knownMonths = new Set<string>();

  async function ensureMonths(months: readonly string[]): Promise<void> {
    const missing = months.filter((month) => !knownMonths.has(month));
    for (const month of missing) {
      await withTransaction(pool, (client) => ensurePriceObservationPartitions(client, `${month}-01T00:00:00Z`, 1));
      knownMonths.add(month);
      logger.info({ month }, 'history partition ready');
    }
  }

  async function insert(rows: readonly HistoryRow[]): Promise<number> {
    const months = [...new Set(rows.map((row) => utcMonthOf(row.observedAt)))];
    await ensureMonths(months);
    try {
      return await batchInsertPriceObservations(pool, rows);
    } catch (error) {
      if (!isNoPartitionError(error)) {
        throw error;
      }
      months.forEach((month) => knownMonths.delete(month));
      await ensureMonths(months);
      return batchInsertPriceObservations(pool, rows);
    }
  }

  return {
    async append(rows) {
      try {
        return await insert(rows);
      } catch (error) {
        throw classifyPgError(error);
      }
    },
    async ensureAhead(nowMs, monthsAhead) {
      const from = new Date(nowMs);
      from.setUTCDate(1);
      from.setUTCMonth(from.getUTCMonth() - 1);
      const months = Array.from({ length: monthsAhead + 2 }, (_, index) => {
        const month = new Date(from);
        month.setUTCMonth(from.getUTCMonth() + index);
        return month.toISOString().slice(0, 7);
      });
      try {
        await ensureMonths(months);
      } catch (error) {
        throw classifyPgError(error);
      }
    },
  };
}

function sqlStateOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

function isNoPartitionError(error: unknown): boolean {
  return sqlStateOf(error) === '23514' && coerceError(error).message.includes('no partition');
}

/** Data and integrity errors will fail again on replay; anything else (network, locks, restarts) may pass. */
function classifyPgError(error: unknown): Error {
  const state = sqlStateOf(error);
  if (state && (state.startsWith('22') || state.startsWith('23'))) {
    return new PermanentError('HISTORY_REJECTED', `price history refused the batch: ${coerceError(error).message}`, {
      cause: error,
    });
  }
  return new RetryableError('HISTORY_UNAVAILABLE', `price history write failed: ${coerceError(error).message}`, {
    cause: error,
  });
}
