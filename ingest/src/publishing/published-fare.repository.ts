import { fareObservationV1, type SqlExecutor } from '@fareflow/shared';

import type { LastPublished } from '../domain/change-detection';

/** What ingest last published for one fare (flight + cabin), and the scrape scope that saw it. */
export interface PublishedFare extends LastPublished {
  jobKey: string;
}

interface PublishedFareRow {
  fare_key: string;
  job_key: string;
  price: string;
  currency: string;
  seats_available: number;
  departure_utc: Date;
  observation: unknown;
  published_at: Date;
}

function rowToPublishedFare(row: PublishedFareRow): PublishedFare {
  return {
    fareKey: row.fare_key,
    jobKey: row.job_key,
    price: row.price,
    currency: row.currency.trim(),
    seatsAvailable: row.seats_available,
    departureUtc: row.departure_utc.toISOString(),
    observation: fareObservationV1.parse(row.observation),
    publishedAtMs: row.published_at.getTime(),
  };
}

export async function findPublishedFaresByJob(db: SqlExecutor, jobKey: string): Promise<PublishedFare[]> {
  const { rows } = await db.query<PublishedFareRow>(
    `SELECT fare_key, job_key, price, currency, seats_available, departure_utc, observation, published_at
       FROM ingest_published_fares WHERE job_key = $1`,
    [jobKey],
  );
  return rows.map(rowToPublishedFare);
}

/** Upserts in one statement; the newest publish wins per fare. */
export async function batchUpsertPublishedFares(db: SqlExecutor, fares: PublishedFare[]): Promise<void> {
  if (fares.length === 0) {
    return;
  }
  await db.query(
    `INSERT INTO ingest_published_fares
       (fare_key, job_key, price, currency, seats_available, departure_utc, observation, published_at)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int[], $6::timestamptz[], $7::jsonb[], $8::timestamptz[])
     ON CONFLICT (fare_key) DO UPDATE SET
       job_key = EXCLUDED.job_key, price = EXCLUDED.price, currency = EXCLUDED.currency,
       seats_available = EXCLUDED.seats_available, departure_utc = EXCLUDED.departure_utc,
       observation = EXCLUDED.observation, published_at = EXCLUDED.published_at
     WHERE ingest_published_fares.published_at <= EXCLUDED.published_at`,
    [
      fares.map((fare) => fare.fareKey),
      fares.map((fare) => fare.jobKey),
      fares.map((fare) => fare.price),
      fares.map((fare) => fare.currency),
      fares.map((fare) => fare.seatsAvailable),
      fares.map((fare) => fare.departureUtc),
      fares.map((fare) => JSON.stringify(fare.observation)),
      fares.map((fare) => new Date(fare.publishedAtMs).toISOString()),
    ],
  );
}

export async function deletePublishedFares(db: SqlExecutor, fareKeys: string[]): Promise<void> {
  if (fareKeys.length > 0) {
    await db.query('DELETE FROM ingest_published_fares WHERE fare_key = ANY($1::text[])', [fareKeys]);
  }
}
