-- Up Migration
-- What ingest last published per fare (flight + cabin), so that a restarted scraper publishes
-- only real changes and knows when a heartbeat is due. `job_key` is the scrape scope that saw
-- the fare: a fare missing from its scope's next answer has sold out or been withdrawn.
CREATE TABLE ingest_published_fares (
  fare_key text PRIMARY KEY,
  job_key text NOT NULL,
  price text NOT NULL,
  currency char(3) NOT NULL,
  seats_available integer NOT NULL CHECK (seats_available >= 0),
  departure_utc timestamptz NOT NULL,
  observation jsonb NOT NULL,
  published_at timestamptz NOT NULL
);
CREATE INDEX ingest_published_fares_job_idx ON ingest_published_fares (job_key);

-- One row per scrape scope being worked on: a second worker that gets the same job while the
-- lease holds drops it. The lease expires on its own if its worker dies.
CREATE TABLE ingest_job_leases (
  job_key text PRIMARY KEY,
  holder text NOT NULL,
  leased_until timestamptz NOT NULL
);

-- The feed's ETag matching what `ingest_published_fares` holds for the scope, for If-None-Match.
CREATE TABLE ingest_feed_etags (
  job_key text PRIMARY KEY,
  etag text NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
