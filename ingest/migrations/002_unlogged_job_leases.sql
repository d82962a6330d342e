-- Up Migration
-- Leases only guard against running one scrape scope twice at once; after a database crash
-- there is nothing to keep (no job is running either), so skip the WAL and its fsyncs.
ALTER TABLE ingest_job_leases SET UNLOGGED;
