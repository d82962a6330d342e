-- Up Migration
-- When each key was last used, for `fareflow keys list`. Written by the key lookup at most once a
-- minute per key (and lookups run only on a miss of the APIs' short key cache), so busy keys cost
-- no write per request.
ALTER TABLE api_keys ADD COLUMN last_used_at timestamptz;
