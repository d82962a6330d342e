-- Up Migration
-- Orders that failed before their seats were granted left their items `pending` (a bug of the reservation
-- path, fixed with the order lifecycle module). Such items never held a seat: they are released, as the
-- lifecycle now writes them. Items that did hold seats (`reserved`) are not touched.
UPDATE order_items it
   SET state = 'released'
  FROM orders o
 WHERE o.order_id = it.order_id
   AND o.status IN ('failed', 'expired', 'cancelled')
   AND it.state = 'pending';
