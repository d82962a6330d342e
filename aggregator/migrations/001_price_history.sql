-- Up Migration
-- Every fare observation ever seen, append-only, partitioned by month of observation.
-- The primary key includes the partition key (required by PostgreSQL); observation_id is
-- deterministic per observation, so a redelivered message hits the key and adds nothing.
CREATE TABLE price_observations (
  observed_at timestamptz NOT NULL,
  observation_id text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('change', 'heartbeat')),
  flight_id text NOT NULL,
  carrier text NOT NULL,
  flight_number text NOT NULL,
  origin text NOT NULL,
  destination text NOT NULL,
  departure_date date NOT NULL,
  departure_utc timestamptz NOT NULL,
  cabin text NOT NULL,
  fare_class text NOT NULL,
  price numeric(21, 6) NOT NULL CHECK (price >= 0),
  currency char(3) NOT NULL,
  seats_available integer NOT NULL CHECK (seats_available >= 0),
  source text NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (observed_at, observation_id)
) PARTITION BY RANGE (observed_at);

CREATE INDEX price_observations_flight_idx ON price_observations (flight_id, cabin, observed_at);
CREATE INDEX price_observations_route_idx ON price_observations (origin, destination, departure_date);

-- Creates the monthly partitions covering [first month of from_ts, + months). Idempotent.
CREATE FUNCTION ensure_price_observation_partitions(from_ts timestamptz, months integer)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  month_start date := date_trunc('month', from_ts AT TIME ZONE 'UTC')::date;
  part_name text;
BEGIN
  FOR i IN 0 .. months - 1 LOOP
    part_name := format('price_observations_%s', to_char(month_start + make_interval(months => i), 'YYYYMM'));
    EXECUTE format(
      'CREATE TABLE IF NOT EXISTS %I PARTITION OF price_observations FOR VALUES FROM (%L) TO (%L)',
      part_name,
      (month_start + make_interval(months => i))::timestamp AT TIME ZONE 'UTC',
      (month_start + make_interval(months => i + 1))::timestamp AT TIME ZONE 'UTC'
    );
  END LOOP;
END;
$$;

SELECT ensure_price_observation_partitions(now() - interval '1 month', 4);
