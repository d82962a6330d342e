-- Up Migration
-- Webhooks: a tenant's endpoints, the events of its orders (an outbox written in the transaction of the
-- change that causes them), and one delivery per event and endpoint, retried with backoff.

-- An endpoint of a tenant. The HMAC secret is stored encrypted (AES-256-GCM under WEBHOOK_SECRET_KEY, or
-- a key derived from OFFER_SECRET), bound to the endpoint id: a database dump alone cannot sign.
CREATE TABLE webhook_endpoints (
  endpoint_id uuid PRIMARY KEY,
  tenant text NOT NULL,
  url text NOT NULL,
  event_types text[] NOT NULL,
  description text,
  secret_ciphertext text NOT NULL,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled')),
  -- Set at the first failure of a run of failures, cleared by a success; a run longer than
  -- WEBHOOK_DISABLE_AFTER_MS disables the endpoint with the reason.
  failing_since timestamptz,
  last_failure text,
  disabled_at timestamptz,
  disabled_reason text,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX webhook_endpoints_tenant ON webhook_endpoints (tenant, created_at);

-- The outbox. `endpoint_id` is set only for an event meant for one endpoint (a ping); others go to
-- every active endpoint of the tenant that asked for the type, chosen when the event is fanned out.
-- `dedupe_key` makes events found by a scan (hold_expiring) or a trigger (refunds) idempotent.
CREATE TABLE webhook_events (
  event_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  tenant text NOT NULL,
  type text NOT NULL,
  data jsonb NOT NULL,
  endpoint_id uuid REFERENCES webhook_endpoints (endpoint_id) ON DELETE CASCADE,
  dedupe_key text UNIQUE,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  fanned_out_at timestamptz
);
CREATE INDEX webhook_events_unfanned ON webhook_events (created_at) WHERE fanned_out_at IS NULL;

-- One event to one endpoint. A claimed delivery stays 'pending' with next_attempt_at pushed one lease
-- ahead: if the worker dies mid-send, the row is due again when the lease ends (at least once).
CREATE TABLE webhook_deliveries (
  delivery_id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  event_id uuid NOT NULL REFERENCES webhook_events (event_id) ON DELETE CASCADE,
  endpoint_id uuid NOT NULL REFERENCES webhook_endpoints (endpoint_id) ON DELETE CASCADE,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempts integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  give_up_at timestamptz NOT NULL,
  last_status_code integer,
  last_error text,
  delivered_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at DESC);

-- Every attempt and what the receiver answered (status code, or the network error).
CREATE TABLE webhook_delivery_attempts (
  delivery_id uuid NOT NULL REFERENCES webhook_deliveries (delivery_id) ON DELETE CASCADE,
  attempt_no integer NOT NULL,
  attempted_at timestamptz NOT NULL,
  duration_ms integer NOT NULL,
  status_code integer,
  error text,
  PRIMARY KEY (delivery_id, attempt_no)
);

-- refund.succeeded: a refund's outcome is stored by the refund sender (and the sweeper's retries), not
-- by a lifecycle decision; this trigger writes its event in the same transaction as the outcome.
CREATE FUNCTION webhook_refund_succeeded() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO webhook_events (tenant, type, data, dedupe_key)
  SELECT o.tenant, 'refund.succeeded',
         jsonb_build_object('orderId', o.order_id, 'refundId', NEW.idempotency_key,
                            'amount', trim_scale(NEW.amount)::text, 'currency', NEW.currency,
                            'orderStatus', o.status),
         'refund.succeeded:' || NEW.idempotency_key
    FROM orders o WHERE o.order_id = NEW.order_id
  ON CONFLICT (dedupe_key) DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER payments_refund_succeeded
  AFTER INSERT OR UPDATE OF status ON payments
  FOR EACH ROW WHEN (NEW.kind = 'refund' AND NEW.status = 'succeeded')
  EXECUTE FUNCTION webhook_refund_succeeded();
