import type { SqlExecutor } from '@fareflow/shared';

import type { HistoryRow } from '../domain/ports';

/** Column order of `price_observations` as written by `batchInsertPriceObservations`. */
const columns: readonly [column: string, type: string, value: (row: HistoryRow) => string | number][] = [
  ['observed_at', 'timestamptz', (row) => row.observedAt],
  ['observation_id', 'text', (row) => row.observationId],
  ['kind', 'text', (row) => row.kind],
  ['flight_id', 'text', (row) => row.flightId],
  ['carrier', 'text', (row) => row.carrier],
  ['flight_number', 'text', (row) => row.flightNumber],
  ['origin', 'text', (row) => row.origin],
  ['destination', 'text', (row) => row.destination],
  ['departure_date', 'date', (row) => row.departureDate],
  ['departure_utc', 'timestamptz', (row) => row.departureUtc],
  ['cabin', 'text', (row) => row.cabin],
  ['fare_class', 'text', (row) => row.fareClass],
  ['price', 'numeric', (row) => row.price],
  ['currency', 'text', (row) => row.currency],
  ['seats_available', 'integer', (row) => row.seatsAvailable],
  ['source', 'text', (row) => row.source],
];

// One array parameter per column: the statement text is the same for every batch size, so the
// server plans it once, and there is no 65,535-parameter ceiling as with multi-row VALUES.
const insertSql = `
  INSERT INTO price_observations (${columns.map(([column]) => column).join(', ')})
  SELECT * FROM unnest(${columns.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ')})
  ON CONFLICT (observed_at, observation_id) DO NOTHING`;

/**
 * Inserts the rows in one statement (atomic: all or none) and returns how many were new.
 * Rows already stored, or repeated within the batch, are skipped by the primary key.
 */
export async function batchInsertPriceObservations(db: SqlExecutor, rows: readonly HistoryRow[]): Promise<number> {
  if (rows.length === 0) {
    return 0;
  }
  const parameters = columns.map(([, , value]) => rows.map(value));
  const result = await db.query({ name: 'batch-insert-price-observations', text: insertSql, values: parameters });
  return result.rowCount ?? 0;
}

/**
 * Creates the monthly partitions covering `months` months from the month of `from` (idempotent).
 * Call inside a transaction: the advisory lock serialises aggregators that race to create the
 * same partition (CREATE TABLE IF NOT EXISTS alone can still collide on the catalog).
 */
export async function ensurePriceObservationPartitions(db: SqlExecutor, from: string, months: number): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(hashtext('price_observations partitions'))`);
  await db.query('SELECT ensure_price_observation_partitions($1::timestamptz, $2::integer)', [from, months]);
}
