-- Up Migration
-- API keys of travel sites and agents. Only a SHA-256 of the secret is stored: keys are 32 random
-- bytes, so a fast hash is enough (no dictionary to attack) and lookups stay one index probe.
CREATE TABLE api_keys (
  key_id text PRIMARY KEY,
  name text NOT NULL UNIQUE,
  tenant text NOT NULL,
  secret_sha256 bytea NOT NULL UNIQUE,
  scopes text[] NOT NULL,
  rate_limit_per_minute integer NOT NULL CHECK (rate_limit_per_minute > 0),
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
