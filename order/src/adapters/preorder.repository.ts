import type { PreorderRequested, SqlExecutor } from '@fareflow/shared';

import type { PreorderStatus } from '../domain/preorder';

/** Records the request as `buying` unless its key is known; returns the stored status either way. */
export async function claimPreorder(db: SqlExecutor, request: PreorderRequested): Promise<PreorderStatus> {
  const { rows } = await db.query<{ status: PreorderStatus }>(
    `WITH inserted AS (
       INSERT INTO preorders (idempotency_key, flight_id, cabin, seats, max_price, currency, status, requested_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'buying', $7)
       ON CONFLICT (idempotency_key) DO NOTHING
       RETURNING status
     )
     SELECT status FROM inserted
     UNION ALL
     SELECT status FROM preorders WHERE idempotency_key = $1 AND NOT EXISTS (SELECT 1 FROM inserted)`,
    [
      request.idempotencyKey,
      request.flightId,
      request.cabin,
      request.seats,
      request.maxPrice,
      request.currency,
      request.requestedAt,
    ],
  );
  return rows[0]?.status ?? 'buying';
}

export interface BoughtAllotment {
  airlineOrderId: string;
  totalCost: string;
  currency: string;
}

/** Marks a buying pre-order bought; false if it was not buying any more (a duplicate finished first). */
export async function markPreorderBought(db: SqlExecutor, key: string, bought: BoughtAllotment): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE preorders
        SET status = 'bought', airline_order_id = $2, total_cost = $3, unit_cost = round($3::numeric / seats, 6),
            cost_currency = $4, updated_at = clock_timestamp()
      WHERE idempotency_key = $1 AND status = 'buying'`,
    [key, bought.airlineOrderId, bought.totalCost, bought.currency],
  );
  return rowCount === 1;
}

export async function markPreorderDeclined(db: SqlExecutor, key: string, code: string, reason: string): Promise<void> {
  await db.query(
    `UPDATE preorders SET status = 'declined', decline_code = $2, decline_reason = $3, updated_at = clock_timestamp()
      WHERE idempotency_key = $1 AND status = 'buying'`,
    [key, code, reason.slice(0, 500)],
  );
}
