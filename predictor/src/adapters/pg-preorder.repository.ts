import { type PreorderRequested, preorderRequestedV1, type SqlExecutor, withTransaction } from '@fareflow/shared';
import type { Pool } from 'pg';

import type { PreorderStore } from '../domain/ports';
import type { PreorderLedger } from '../domain/preorder-plan';

/** One lock for all pre-order decisions: two overlapping runs must not both spend one budget. */
const DECISION_LOCK = 'fareflow.predictor.preorder-decisions';

export async function loadLedger(
  db: SqlExecutor,
  flightIds: readonly string[],
  budgetPeriodStart: Date,
): Promise<PreorderLedger> {
  // One after another: they share the caller's transaction (one connection runs one query at a time).
  const seats = await db.query<{ flight_id: string; cabin: string; seats: string }>(
    `SELECT flight_id, cabin, sum(seats)::text AS seats FROM preorder_decisions
      WHERE flight_id = ANY($1::text[]) GROUP BY 1, 2`,
    [flightIds],
  );
  const spent = await db.query<{ currency: string; spent: string }>(
    `SELECT currency, sum(seats * max_price)::text AS spent FROM preorder_decisions
      WHERE decided_at >= $1 GROUP BY 1`,
    [budgetPeriodStart],
  );
  const keys = await db.query<{ idempotency_key: string }>(
    `SELECT idempotency_key FROM preorder_decisions WHERE flight_id = ANY($1::text[])`,
    [flightIds],
  );
  const seatsByFlight = new Map(seats.rows.map((row) => [`${row.flight_id}|${row.cabin}`, Number(row.seats)]));
  const spentByCurrency = new Map(spent.rows.map((row) => [row.currency.trim(), row.spent]));
  const decided = new Set(keys.rows.map((row) => row.idempotency_key));
  return {
    hasDecision: (key) => decided.has(key),
    seatsRequested: (flightId, cabin) => seatsByFlight.get(`${flightId}|${cabin}`) ?? 0,
    spent: (currency) => spentByCurrency.get(currency) ?? '0',
  };
}

/** Inserts a decision as pending; false when the key was already decided (nothing is written). */
export async function insertDecision(db: SqlExecutor, request: PreorderRequested, decidedAt: Date): Promise<boolean> {
  const result = await db.query(
    `INSERT INTO preorder_decisions
       (idempotency_key, flight_id, cabin, seats, max_price, currency, expires_at, payload, status, decided_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending', $9)
     ON CONFLICT (idempotency_key) DO NOTHING`,
    [
      request.idempotencyKey,
      request.flightId,
      request.cabin,
      request.seats,
      request.maxPrice,
      request.currency,
      request.expiresAt,
      JSON.stringify(request),
      decidedAt,
    ],
  );
  return (result.rowCount ?? 0) === 1;
}

export function createPgPreorderStore(pool: Pool, now: () => Date): PreorderStore {
  return {
    decide: (flightKeys, budgetPeriodStart, plan) =>
      withTransaction(pool, async (client) => {
        await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [DECISION_LOCK]);
        const flightIds = [...new Set(flightKeys.map((key) => key.flightId))];
        const ledger = await loadLedger(client, flightIds, budgetPeriodStart);
        const decidedAt = now();
        const stored: PreorderRequested[] = [];
        for (const request of plan(ledger)) {
          if (await insertDecision(client, request, decidedAt)) {
            stored.push(request);
          }
        }
        return stored;
      }),
    async findPending(limit) {
      const result = await pool.query<{ payload: unknown }>(
        `SELECT payload FROM preorder_decisions
          WHERE status = 'pending' AND expires_at > now() ORDER BY decided_at LIMIT $1`,
        [limit],
      );
      // Stored by us after validation; parsing again keeps a hand-edited row from reaching the broker.
      return result.rows.flatMap((row) => {
        const parsed = preorderRequestedV1.safeParse(row.payload);
        return parsed.success ? [parsed.data] : [];
      });
    },
    async markPublished(idempotencyKey, publishedAt) {
      await pool.query(
        `UPDATE preorder_decisions SET status = 'published', published_at = $2 WHERE idempotency_key = $1`,
        [idempotencyKey, publishedAt],
      );
    },
  };
}
