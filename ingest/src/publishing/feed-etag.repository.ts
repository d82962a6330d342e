import type { SqlExecutor } from '@fareflow/shared';

export async function findFeedEtag(db: SqlExecutor, jobKey: string): Promise<string | undefined> {
  const { rows } = await db.query<{ etag: string }>('SELECT etag FROM ingest_feed_etags WHERE job_key = $1', [jobKey]);
  return rows[0]?.etag;
}

export async function saveFeedEtag(db: SqlExecutor, jobKey: string, etag: string): Promise<void> {
  await db.query(
    `INSERT INTO ingest_feed_etags (job_key, etag, updated_at) VALUES ($1, $2, now())
     ON CONFLICT (job_key) DO UPDATE SET etag = EXCLUDED.etag, updated_at = now()`,
    [jobKey, etag],
  );
}
