import type { SqlExecutor } from '@fareflow/shared';

/** Tells waiting API requests (`Prefer: wait`) that these orders reached a state worth answering. */
export async function notifySettled(db: SqlExecutor, channel: string, orderIds: string[]): Promise<void> {
  // NOTIFY payloads are limited to 8000 bytes: 200 ids of 37 characters stay far below.
  for (let start = 0; start < orderIds.length; start += 200) {
    await db.query('SELECT pg_notify($1, $2)', [channel, orderIds.slice(start, start + 200).join(',')]);
  }
}
