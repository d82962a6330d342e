import type { SqlExecutor } from '@fareflow/shared';

import type { ClaimedDelivery, DeliveryOutcome } from '../domain/webhook-delivery';

export interface ClaimOptions {
  /** Endpoints (groups) to claim at most: the dispatcher's free slots. */
  endpoints: number;
  /** Deliveries per endpoint at most, sent one after the other on one slot. */
  perEndpoint: number;
  /** How long a claim holds a delivery: past it, a delivery whose worker died is due again. */
  leaseMs: number;
  /** Endpoints this process is sending to already (one slot per endpoint). */
  busyEndpointIds: readonly string[];
}

interface ClaimedRow {
  delivery_id: string;
  attempts: number;
  give_up_at: Date;
  event_id: string;
  type: string;
  data: unknown;
  created_at: Date;
  endpoint_id: string;
  url: string;
  secret_ciphertext: string;
}

/**
 * Claims due deliveries of active endpoints, grouped by endpoint (oldest due first), with `FOR UPDATE
 * SKIP LOCKED`, so that several workers share the work. A claim counts the attempt and pushes
 * `next_attempt_at` one lease ahead in the same statement: no transaction stays open while sending,
 * and a delivery whose worker dies is due again when the lease ends (it is sent again: at least once).
 */
export async function claimDeliveries(db: SqlExecutor, options: ClaimOptions): Promise<ClaimedDelivery[]> {
  const { rows } = await db.query<ClaimedRow>(
    `WITH candidates AS (
       SELECT d.delivery_id, d.endpoint_id, d.next_attempt_at FROM webhook_deliveries d
        WHERE d.status = 'pending' AND d.next_attempt_at <= clock_timestamp()
          AND NOT (d.endpoint_id = ANY ($4::uuid[]))
        ORDER BY d.next_attempt_at LIMIT $1::int * $2::int * 2 FOR UPDATE SKIP LOCKED
     ), ranked AS (
       SELECT delivery_id, endpoint_id,
              row_number() OVER (PARTITION BY endpoint_id ORDER BY next_attempt_at, delivery_id) AS in_group
         FROM candidates
     ), groups AS (
       SELECT c.endpoint_id FROM candidates c JOIN webhook_endpoints e ON e.endpoint_id = c.endpoint_id
        WHERE e.status = 'active' GROUP BY c.endpoint_id ORDER BY min(c.next_attempt_at) LIMIT $1
     )
     UPDATE webhook_deliveries d
        SET attempts = d.attempts + 1, updated_at = clock_timestamp(),
            next_attempt_at = clock_timestamp() + $3::float8 * interval '1 millisecond'
       FROM ranked r, groups g, webhook_events ev, webhook_endpoints e
      WHERE d.delivery_id = r.delivery_id AND r.endpoint_id = g.endpoint_id AND r.in_group <= $2
        AND ev.event_id = d.event_id AND e.endpoint_id = d.endpoint_id
     RETURNING d.delivery_id, d.attempts, d.give_up_at, ev.event_id, ev.type, ev.data, ev.created_at,
               e.endpoint_id, e.url, e.secret_ciphertext`,
    [options.endpoints, options.perEndpoint, options.leaseMs, options.busyEndpointIds],
  );
  return rows.map((row) => ({
    deliveryId: row.delivery_id,
    attemptNo: row.attempts,
    giveUpAt: row.give_up_at,
    eventId: row.event_id,
    eventType: row.type,
    eventData: row.data,
    eventCreatedAt: row.created_at,
    endpointId: row.endpoint_id,
    url: row.url,
    secretCiphertext: row.secret_ciphertext,
  }));
}

/** Stores the outcomes of one endpoint's batch: each attempt, and each delivery's new state. */
export async function recordOutcomes(db: SqlExecutor, outcomes: readonly DeliveryOutcome[]): Promise<void> {
  const attempted = outcomes.filter((outcome) => outcome.kind !== 'skipped');
  if (attempted.length > 0) {
    await db.query(
      `INSERT INTO webhook_delivery_attempts (delivery_id, attempt_no, attempted_at, duration_ms, status_code, error)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::timestamptz[], $4::int[], $5::int[], $6::text[])
       ON CONFLICT (delivery_id, attempt_no) DO NOTHING`,
      [
        attempted.map((o) => o.deliveryId),
        attempted.map((o) => o.attemptNo),
        attempted.map((o) => o.result.attemptedAt),
        attempted.map((o) => Math.round(o.result.durationMs)),
        attempted.map((o) => o.result.statusCode ?? null),
        attempted.map((o) => o.result.error?.slice(0, 500) ?? null),
      ],
    );
  }
  await db.query(
    `UPDATE webhook_deliveries d
        SET status = CASE u.kind WHEN 'succeeded' THEN 'succeeded' WHEN 'failed' THEN 'failed' ELSE 'pending' END,
            attempts = CASE u.kind WHEN 'skipped' THEN d.attempts - 1 ELSE d.attempts END,
            next_attempt_at = COALESCE(u.next_attempt_at, d.next_attempt_at),
            last_status_code = CASE u.kind WHEN 'skipped' THEN d.last_status_code ELSE u.status_code END,
            last_error = CASE u.kind WHEN 'skipped' THEN d.last_error ELSE u.error END,
            delivered_at = CASE u.kind WHEN 'succeeded' THEN clock_timestamp() ELSE d.delivered_at END,
            updated_at = clock_timestamp()
       FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::int[], $5::text[])
              AS u(delivery_id, kind, next_attempt_at, status_code, error)
      WHERE d.delivery_id = u.delivery_id AND d.status = 'pending'`,
    [
      outcomes.map((o) => o.deliveryId),
      outcomes.map((o) => o.kind),
      outcomes.map((o) => (o.kind === 'retry' || o.kind === 'skipped' ? o.nextAttemptAt : null)),
      outcomes.map((o) => (o.kind === 'skipped' ? null : (o.result.statusCode ?? null))),
      outcomes.map((o) => (o.kind === 'skipped' ? null : (o.result.error?.slice(0, 500) ?? null))),
    ],
  );
}

/**
 * Records how an endpoint's last attempt went: a success ends its run of failures; a failure starts
 * or extends it, and a run older than `disableAfterMs` disables the endpoint with the reason and fails
 * its pending deliveries. Returns the endpoint's status afterwards.
 */
export async function recordEndpointHealth(
  db: SqlExecutor,
  endpointId: string,
  health: { isHealthy: boolean; failure: string | undefined; firstFailureAt: Date | undefined; disableAfterMs: number },
): Promise<'active' | 'disabled' | undefined> {
  const { rows } = await db.query<{ status: 'active' | 'disabled' }>(
    `UPDATE webhook_endpoints e
        SET failing_since = CASE WHEN $2::boolean THEN NULL ELSE COALESCE(e.failing_since, $4::timestamptz) END,
            last_failure = CASE WHEN $2::boolean THEN e.last_failure ELSE $3::text END,
            status = CASE WHEN NOT $2 AND COALESCE(e.failing_since, $4) <= clock_timestamp() - $5::float8 * interval '1 millisecond'
                          THEN 'disabled' ELSE e.status END,
            disabled_at = CASE WHEN NOT $2 AND e.status = 'active'
                                AND COALESCE(e.failing_since, $4) <= clock_timestamp() - $5::float8 * interval '1 millisecond'
                               THEN clock_timestamp() ELSE e.disabled_at END,
            disabled_reason = CASE WHEN NOT $2 AND e.status = 'active'
                                    AND COALESCE(e.failing_since, $4) <= clock_timestamp() - $5::float8 * interval '1 millisecond'
                                   THEN 'every delivery failed since ' || to_char(COALESCE(e.failing_since, $4) AT TIME ZONE 'UTC',
                                        'YYYY-MM-DD"T"HH24:MI:SS"Z"') || '; last failure: ' || $3
                                   ELSE e.disabled_reason END,
            updated_at = clock_timestamp()
      WHERE e.endpoint_id = $1
      RETURNING e.status`,
    [endpointId, health.isHealthy, health.failure ?? null, health.firstFailureAt ?? null, health.disableAfterMs],
  );
  const status = rows[0]?.status;
  if (status === 'disabled') {
    await db.query(
      `UPDATE webhook_deliveries SET status = 'failed', last_error = 'endpoint disabled', updated_at = clock_timestamp()
        WHERE endpoint_id = $1 AND status = 'pending'`,
      [endpointId],
    );
  }
  return status;
}

/** A delivery as the API shows it, with its attempts (newest first). */
export interface DeliveryView {
  deliveryId: string;
  eventId: string;
  eventType: string;
  status: 'pending' | 'succeeded' | 'failed';
  attempts: number;
  nextAttemptAt: Date | undefined;
  lastStatusCode: number | undefined;
  lastError: string | undefined;
  createdAt: Date;
  deliveredAt: Date | undefined;
  attemptLog: { attemptNo: number; attemptedAt: Date; durationMs: number; statusCode?: number; error?: string }[];
}

interface DeliveryViewRow {
  delivery_id: string;
  event_id: string;
  type: string;
  status: DeliveryView['status'];
  attempts: number;
  next_attempt_at: Date;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
  attempt_log: {
    attempt_no: number;
    attempted_at: string;
    duration_ms: number;
    status_code: number | null;
    error: string | null;
  }[];
}

const DELIVERY_VIEW = `SELECT d.delivery_id, d.event_id, ev.type, d.status, d.attempts, d.next_attempt_at,
       d.last_status_code, d.last_error, d.created_at, d.delivered_at,
       COALESCE((SELECT json_agg(a ORDER BY a.attempt_no DESC) FROM (
                   SELECT attempt_no, attempted_at, duration_ms, status_code, error FROM webhook_delivery_attempts
                    WHERE delivery_id = d.delivery_id ORDER BY attempt_no DESC LIMIT 20) a), '[]') AS attempt_log
  FROM webhook_deliveries d JOIN webhook_events ev ON ev.event_id = d.event_id`;

const toDeliveryView = (row: DeliveryViewRow): DeliveryView => ({
  deliveryId: row.delivery_id,
  eventId: row.event_id,
  eventType: row.type,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: row.status === 'pending' ? row.next_attempt_at : undefined,
  lastStatusCode: row.last_status_code ?? undefined,
  lastError: row.last_error ?? undefined,
  createdAt: row.created_at,
  deliveredAt: row.delivered_at ?? undefined,
  attemptLog: row.attempt_log.map((attempt) => ({
    attemptNo: attempt.attempt_no,
    attemptedAt: new Date(attempt.attempted_at),
    durationMs: attempt.duration_ms,
    ...(attempt.status_code === null ? {} : { statusCode: attempt.status_code }),
    ...(attempt.error === null ? {} : { error: attempt.error }),
  })),
});

/** An endpoint's deliveries, newest first. */
export async function listDeliveries(
  db: SqlExecutor,
  endpointId: string,
  query: { status?: DeliveryView['status'] | undefined; limit: number },
): Promise<DeliveryView[]> {
  const { rows } = await db.query<DeliveryViewRow>(
    `${DELIVERY_VIEW} WHERE d.endpoint_id = $1 AND ($2::text IS NULL OR d.status = $2)
      ORDER BY d.created_at DESC, d.delivery_id LIMIT $3`,
    [endpointId, query.status ?? null, query.limit],
  );
  return rows.map(toDeliveryView);
}

export async function findDelivery(
  db: SqlExecutor,
  endpointId: string,
  deliveryId: string,
): Promise<DeliveryView | undefined> {
  const { rows } = await db.query<DeliveryViewRow>(`${DELIVERY_VIEW} WHERE d.endpoint_id = $1 AND d.delivery_id = $2`, [
    endpointId,
    deliveryId,
  ]);
  return rows[0] ? toDeliveryView(rows[0]) : undefined;
}

/** Makes a delivery due now with a fresh retry window (whatever its state); false if there is no such delivery. */
export async function redeliver(
  db: SqlExecutor,
  endpointId: string,
  deliveryId: string,
  retryWindowMs: number,
): Promise<boolean> {
  const { rowCount } = await db.query(
    `UPDATE webhook_deliveries
        SET status = 'pending', next_attempt_at = clock_timestamp(), updated_at = clock_timestamp(),
            give_up_at = clock_timestamp() + $3::float8 * interval '1 millisecond'
      WHERE endpoint_id = $1 AND delivery_id = $2`,
    [endpointId, deliveryId, retryWindowMs],
  );
  return (rowCount ?? 0) > 0;
}
