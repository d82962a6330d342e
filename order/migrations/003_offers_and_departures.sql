-- Up Migration
-- What may still be sold, and at which price.
-- inventory.departure_utc: when the flight leaves, fed by the fares (NULL until the first observation
-- that carries it; the sales cut-off then falls back to the earliest instant of the flight id's day).
ALTER TABLE inventory ADD COLUMN departure_utc timestamptz;

-- The price terms an item was ordered on:
--   'offer': the traveller ordered an offer (its signed id) while it was valid: the item is charged
--            agreed_unit_price, whatever the fare is when the worker executes it;
--   'limit': an agent ordered by flight id with maxUnitPrice: the current fare is charged, and the
--            item fails PRICE_CHANGED if it is above agreed_unit_price;
--   NULL:    the current fare is charged.
ALTER TABLE order_items
  ADD COLUMN price_terms text CHECK (price_terms IN ('offer', 'limit')),
  ADD COLUMN agreed_unit_price numeric(21, 6) CHECK (agreed_unit_price >= 0),
  ADD COLUMN agreed_currency char(3),
  ADD COLUMN offer_expires_at timestamptz,
  ADD CONSTRAINT order_items_price_terms CHECK (
    (price_terms IS NULL) = (agreed_unit_price IS NULL) AND (price_terms IS NULL) = (agreed_currency IS NULL)
  );
