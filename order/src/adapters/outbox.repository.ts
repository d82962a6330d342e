import type { SqlExecutor } from '@fareflow/shared';

export interface OutboxRow {
  id: string;
  routingKey: string;
  messageId: string;
  payload: unknown;
}

/**
 * Locks up to `limit` unsent rows that are due, oldest first, skipping rows another relay holds
 * (several relays can run side by side). Call inside a transaction; mark them sent in it.
 */
export async function lockDueOutboxRows(db: SqlExecutor, limit: number): Promise<OutboxRow[]> {
  const { rows } = await db.query<{ id: string; routing_key: string; message_id: string; payload: unknown }>(
    `SELECT id::text, routing_key, message_id, payload FROM outbox
      WHERE sent_at IS NULL AND publish_after <= clock_timestamp()
      ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
    [limit],
  );
  return rows.map((row) => ({
    id: row.id,
    routingKey: row.routing_key,
    messageId: row.message_id,
    payload: row.payload,
  }));
}

export async function markOutboxSent(db: SqlExecutor, ids: string[]): Promise<void> {
  if (ids.length > 0) {
    await db.query('UPDATE outbox SET sent_at = clock_timestamp() WHERE id = ANY($1::bigint[])', [ids]);
  }
}

/** Sent rows older than the retention are deleted in small batches (the outbox is not an archive). */
export async function deleteSentOutboxRows(db: SqlExecutor, retentionMs: number, limit: number): Promise<number> {
  const { rowCount } = await db.query(
    `DELETE FROM outbox WHERE id IN (
       SELECT id FROM outbox WHERE sent_at < clock_timestamp() - make_interval(secs => $1::float8 / 1000)
        ORDER BY id LIMIT $2)`,
    [retentionMs, limit],
  );
  return rowCount ?? 0;
}

export interface OutboxBacklog {
  pending: number;
  oldestAgeSeconds: number;
}

export async function measureOutboxBacklog(db: SqlExecutor): Promise<OutboxBacklog> {
  const { rows } = await db.query<{ pending: string; oldest_age: number | null }>(
    `SELECT count(*)::text AS pending,
            extract(epoch FROM clock_timestamp() - min(created_at))::float8 AS oldest_age
       FROM outbox WHERE sent_at IS NULL`,
  );
  const [row] = rows;
  return { pending: Number(row?.pending ?? 0), oldestAgeSeconds: Math.max(row?.oldest_age ?? 0, 0) };
}
