-- Up Migration
-- The predictor's latest forecast per flight and cabin (overwritten by each run), the log of
-- runs, and every pre-order decision ever taken (the idempotency key makes a decision unique).

CREATE TABLE forecast_runs (
  run_id uuid PRIMARY KEY,
  started_at timestamptz NOT NULL,
  finished_at timestamptz,
  status text NOT NULL CHECK (status IN ('running', 'succeeded', 'failed')),
  model_version text NOT NULL,
  flights integer NOT NULL DEFAULT 0,
  forecasts integer NOT NULL DEFAULT 0,
  insights integer NOT NULL DEFAULT 0,
  preorders integer NOT NULL DEFAULT 0,
  error text
);

CREATE TABLE price_forecasts (
  flight_id text NOT NULL,
  cabin text NOT NULL,
  origin text NOT NULL,
  destination text NOT NULL,
  departure_date date NOT NULL,
  as_of_date date NOT NULL,
  run_id uuid NOT NULL REFERENCES forecast_runs (run_id),
  model_version text NOT NULL,
  computed_at timestamptz NOT NULL,
  currency char(3) NOT NULL,
  current_price numeric(21, 6) NOT NULL CHECK (current_price >= 0),
  expected_lowest_price numeric(21, 6) NOT NULL,
  expected_lowest_date date NOT NULL,
  rise_probability_7d double precision NOT NULL CHECK (rise_probability_7d BETWEEN 0 AND 1),
  advice text NOT NULL CHECK (advice IN ('BUY', 'WAIT')),
  advice_confidence double precision NOT NULL CHECK (advice_confidence BETWEEN 0 AND 1),
  wait_until date,
  expected_bookings double precision NOT NULL,
  seats_available integer NOT NULL,
  -- [{date, low, median, high}] with amounts as decimal strings.
  path jsonb NOT NULL,
  PRIMARY KEY (flight_id, cabin)
);
CREATE INDEX price_forecasts_route_day ON price_forecasts (origin, destination, departure_date);

-- status pending: decided and counted against caps and budget, not yet confirmed by the broker;
-- the next run publishes it again (same key, so the order service sees at most one request).
CREATE TABLE preorder_decisions (
  idempotency_key text PRIMARY KEY,
  flight_id text NOT NULL,
  cabin text NOT NULL,
  seats integer NOT NULL CHECK (seats > 0),
  max_price numeric(21, 6) NOT NULL CHECK (max_price >= 0),
  currency char(3) NOT NULL,
  expires_at timestamptz NOT NULL,
  payload jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'published')),
  decided_at timestamptz NOT NULL,
  published_at timestamptz
);
CREATE INDEX preorder_decisions_flight ON preorder_decisions (flight_id, cabin);
CREATE INDEX preorder_decisions_decided ON preorder_decisions (decided_at);
CREATE INDEX preorder_decisions_pending ON preorder_decisions (decided_at) WHERE status = 'pending';
