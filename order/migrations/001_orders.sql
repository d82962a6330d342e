-- Up Migration
-- Orders, inventory, payments and the outbox of the order service. One PostgreSQL database is the
-- single source of truth for seats and money: every change is a transaction.

-- Seats per flight and cabin. The business may sell its pre-order allotments plus the live seats
-- the airline offers (booking limit), and overbook by `oversell_limit` more seats (status oversold).
-- The CHECK makes "never past the limits" hold even against a bug in the application's updates.
CREATE TABLE inventory (
  flight_id text NOT NULL,
  cabin text NOT NULL,
  allotment_seats integer NOT NULL DEFAULT 0 CHECK (allotment_seats >= 0),
  airline_seats integer NOT NULL DEFAULT 0 CHECK (airline_seats >= 0),
  booking_limit integer GENERATED ALWAYS AS (allotment_seats + airline_seats) STORED,
  oversell_limit integer NOT NULL DEFAULT 0 CHECK (oversell_limit >= 0),
  sold integer NOT NULL DEFAULT 0 CHECK (sold >= 0),
  held integer NOT NULL DEFAULT 0 CHECK (held >= 0),
  -- Current sell price per seat, fed by the latest fare; NULL = not for sale yet.
  price numeric(21, 6) CHECK (price >= 0),
  currency char(3),
  price_observed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (flight_id, cabin),
  CONSTRAINT inventory_within_limits CHECK (sold + held <= allotment_seats + airline_seats + oversell_limit),
  CONSTRAINT inventory_priced CHECK ((price IS NULL) = (currency IS NULL))
);

CREATE TABLE orders (
  order_id uuid PRIMARY KEY,
  tenant text NOT NULL,
  idempotency_key text NOT NULL,
  -- SHA-256 of the canonical request body: the same key with another body is a conflict.
  request_sha256 bytea NOT NULL,
  type text NOT NULL CHECK (type IN ('instant', 'hold')),
  status text NOT NULL CHECK (
    status IN ('pending', 'processing', 'held', 'paying', 'changing', 'confirmed', 'oversold', 'failed', 'expired', 'cancelled')
  ),
  failure_code text,
  failure_reason text,
  contact jsonb NOT NULL,
  payment_token text,
  total_amount numeric(21, 6),
  currency char(3),
  payment_required_by timestamptz,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  finalized_at timestamptz,
  CONSTRAINT orders_idempotency UNIQUE (tenant, idempotency_key)
);
CREATE INDEX orders_tenant_created ON orders (tenant, created_at DESC);
CREATE INDEX orders_open_holds ON orders (payment_required_by) WHERE status = 'held';
CREATE INDEX orders_in_flight ON orders (updated_at) WHERE status IN ('pending', 'processing', 'paying', 'changing');

-- state: pending (not yet reserved), reserved (seats counted in inventory), released (seats given
-- back: failed, cancelled, expired) or replaced (moved to another item by a change).
CREATE TABLE order_items (
  order_id uuid NOT NULL REFERENCES orders (order_id),
  item_no smallint NOT NULL,
  flight_id text NOT NULL,
  cabin text NOT NULL,
  seats smallint NOT NULL CHECK (seats > 0),
  passengers jsonb NOT NULL,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'reserved', 'released', 'replaced')),
  -- Whether the seats were within the booking limit (confirmed) or in the oversell band (oversold).
  seat_status text CHECK (seat_status IN ('confirmed', 'oversold')),
  unit_price numeric(21, 6),
  currency char(3),
  replaces_item_no smallint,
  PRIMARY KEY (order_id, item_no)
);

-- Every call to the payment gateway, keyed by the idempotency key sent with it: a retry or a
-- redelivery reuses the row and the key, so the gateway charges at most once per key.
CREATE TABLE payments (
  idempotency_key text PRIMARY KEY,
  order_id uuid NOT NULL REFERENCES orders (order_id),
  kind text NOT NULL CHECK (kind IN ('charge', 'refund')),
  amount numeric(21, 6) NOT NULL CHECK (amount > 0),
  currency char(3) NOT NULL,
  status text NOT NULL CHECK (status IN ('pending', 'succeeded', 'declined')),
  gateway_reference text,
  decline_reason text,
  -- Refunds only: the charge they give money back from.
  charge_key text REFERENCES payments (idempotency_key),
  charge_reference text,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CHECK ((kind = 'refund') = (charge_key IS NOT NULL))
);
CREATE INDEX payments_order ON payments (order_id);
CREATE INDEX payments_pending ON payments (created_at) WHERE status = 'pending';

-- Transactional outbox: rows are written in the transaction that changed the data and relayed to
-- RabbitMQ by the relay loop (publish with confirms, then mark sent). `publish_after` lets the
-- API publish its own rows directly and leaves them to the relay only if that failed.
CREATE TABLE outbox (
  id bigserial PRIMARY KEY,
  routing_key text NOT NULL,
  message_id text NOT NULL,
  payload jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  publish_after timestamptz NOT NULL DEFAULT clock_timestamp(),
  sent_at timestamptz
);
CREATE INDEX outbox_unsent ON outbox (id) WHERE sent_at IS NULL;

-- Allotments bought from airlines on the predictor's pre-order requests; one row per request key.
CREATE TABLE preorders (
  idempotency_key text PRIMARY KEY,
  flight_id text NOT NULL,
  cabin text NOT NULL,
  seats integer NOT NULL CHECK (seats > 0),
  max_price numeric(21, 6) NOT NULL,
  currency char(3) NOT NULL,
  status text NOT NULL CHECK (status IN ('buying', 'bought', 'declined')),
  airline_order_id text,
  unit_cost numeric(21, 6),
  total_cost numeric(21, 6),
  cost_currency char(3),
  decline_code text,
  decline_reason text,
  requested_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

-- Ledger of the *simulated* payment gateway (local use and tests only). It lives in the database so
-- that it survives a killed worker, as a real gateway's ledger would.
CREATE TABLE simulated_gateway_ledger (
  idempotency_key text PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('charge', 'refund')),
  reference text NOT NULL UNIQUE,
  amount numeric(21, 6) NOT NULL,
  currency char(3) NOT NULL,
  status text NOT NULL CHECK (status IN ('succeeded', 'declined')),
  decline_reason text,
  charge_reference text,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
