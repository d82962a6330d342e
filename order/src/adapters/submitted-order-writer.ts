import { coerceError, type SqlExecutor } from '@fareflow/shared';
import DataLoader from 'dataloader';

import {
  type InsertOutcome,
  insertSubmittedOrders,
  type OutboxMessage,
  type SubmittedOrder,
} from './order-submission.repository';

/** Stores one submitted order with its outbox message (see `insertSubmittedOrders`). */
export type SubmittedOrderWriter = (order: SubmittedOrder, message: OutboxMessage) => Promise<InsertOutcome>;

interface Entry {
  order: SubmittedOrder;
  message: OutboxMessage;
}

/**
 * Group commit for the order intake: the orders whose requests were read in the same turn of the
 * event loop are stored by one statement (one round trip, one commit) instead of one each. If that
 * statement fails, each order is tried alone, so one bad order cannot fail the others.
 */
export function createSubmittedOrderWriter(
  db: SqlExecutor,
  options: { maxBatchSize?: number } = {},
): SubmittedOrderWriter {
  const insertOne = async (entry: Entry): Promise<InsertOutcome | Error> => {
    try {
      const [outcome] = await insertSubmittedOrders(db, [entry]);
      return outcome ?? new Error('the order intake returned no outcome');
    } catch (error) {
      return coerceError(error);
    }
  };
  const loader = new DataLoader<Entry, InsertOutcome>(
    async (entries) => {
      if (entries.length === 1) {
        return insertSubmittedOrders(db, entries);
      }
      try {
        return await insertSubmittedOrders(db, entries);
      } catch {
        return Promise.all(entries.map(insertOne));
      }
    },
    {
      cache: false,
      maxBatchSize: options.maxBatchSize ?? 200,
      // After the poll phase: every request read in this turn joins the batch.
      batchScheduleFn: (callback) => setImmediate(callback),
    },
  );
  return (order, message) => loader.load({ order, message });
}
