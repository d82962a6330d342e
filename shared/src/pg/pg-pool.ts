import { Pool, type PoolClient } from 'pg';

export interface PgPoolSettings {
  connectionString: string;
  /** Every connection gets `search_path = <schema>`, so SQL stays unqualified and tests can use a fresh schema. */
  schema: string;
  max: number;
  applicationName: string;
  statementTimeoutMs?: number;
}

export function createPgPool(settings: PgPoolSettings): Pool {
  const pool = new Pool({
    connectionString: settings.connectionString,
    max: settings.max,
    application_name: settings.applicationName,
    options: `-c search_path=${settings.schema} -c statement_timeout=${settings.statementTimeoutMs ?? 30_000}`,
    connectionTimeoutMillis: 5_000,
  });
  // An idle client that errors (e.g. the server restarted) must not crash the process.
  pool.on('error', () => undefined);
  return pool;
}

/** Queryable by repositories: a pool, a client, or a client inside a transaction. */
export interface SqlExecutor {
  query: Pool['query'];
}

/**
 * Runs `work` in a transaction; commits if it resolves, rolls back if it throws. A connection lost
 * meanwhile (the server restarting) fails the transaction's next query, and the client is discarded.
 */
export async function withTransaction<T>(pool: Pool, work: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A checked-out client has no pool listener: a server shutdown (57P01) between two queries would
  // be an unhandled 'error' event, which ends the process. Keep it; the next query fails with it.
  let lost: Error | undefined;
  const onError = (error: Error) => {
    lost = error;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.off('error', onError);
    client.release(lost);
  }
}
