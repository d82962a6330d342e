import type { SqlExecutor } from '@fareflow/shared';

/**
 * Takes the lease on a scrape scope for `leaseMs` if nobody holds it (or their lease ran out).
 * Uses the database clock, so workers on different machines agree. True if taken.
 */
export async function acquireJobLease(
  db: SqlExecutor,
  jobKey: string,
  holder: string,
  leaseMs: number,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `INSERT INTO ingest_job_leases (job_key, holder, leased_until)
     VALUES ($1, $2, now() + make_interval(secs => $3::double precision / 1000))
     ON CONFLICT (job_key) DO UPDATE SET holder = EXCLUDED.holder, leased_until = EXCLUDED.leased_until
       WHERE ingest_job_leases.leased_until < now()`,
    [jobKey, holder, leaseMs],
  );
  return rowCount === 1;
}

export async function releaseJobLease(db: SqlExecutor, jobKey: string, holder: string): Promise<void> {
  await db.query('DELETE FROM ingest_job_leases WHERE job_key = $1 AND holder = $2', [jobKey, holder]);
}
