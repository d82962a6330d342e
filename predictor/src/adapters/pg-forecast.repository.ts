import type { SqlExecutor } from '@fareflow/shared';

import type { ForecastStore, RunSummary, StoredForecast } from '../domain/ports';

const BATCH_SIZE = 500;

const COLUMNS = [
  'flight_id',
  'cabin',
  'origin',
  'destination',
  'departure_date',
  'as_of_date',
  'run_id',
  'model_version',
  'computed_at',
  'currency',
  'current_price',
  'expected_lowest_price',
  'expected_lowest_date',
  'rise_probability_7d',
  'advice',
  'advice_confidence',
  'wait_until',
  'expected_bookings',
  'seats_available',
  'path',
] as const;

function forecastValues(forecast: StoredForecast, runId: string, modelVersion: string, computedAt: Date): unknown[] {
  return [
    forecast.flightId,
    forecast.cabin,
    forecast.origin,
    forecast.destination,
    forecast.departureDate,
    forecast.asOfDate,
    runId,
    modelVersion,
    computedAt,
    forecast.currency,
    forecast.currentPrice,
    forecast.expectedLowestPrice,
    forecast.expectedLowestDate,
    forecast.riseProbability7d,
    forecast.advice,
    forecast.adviceConfidence,
    forecast.waitUntil ?? null,
    forecast.expectedBookings,
    forecast.seatsAvailable,
    JSON.stringify(forecast.path),
  ];
}

/** Upserts forecasts in multi-row statements; the latest run's forecast replaces the previous one. */
export async function batchUpsertForecasts(
  db: SqlExecutor,
  runId: string,
  modelVersion: string,
  computedAt: Date,
  forecasts: readonly StoredForecast[],
): Promise<number> {
  let written = 0;
  for (let start = 0; start < forecasts.length; start += BATCH_SIZE) {
    const batch = forecasts.slice(start, start + BATCH_SIZE);
    const params = batch.flatMap((forecast) => forecastValues(forecast, runId, modelVersion, computedAt));
    const rows = batch.map((_, r) => `(${COLUMNS.map((_column, c) => `$${r * COLUMNS.length + c + 1}`).join(', ')})`);
    const updates = COLUMNS.filter((column) => column !== 'flight_id' && column !== 'cabin')
      .map((column) => `${column} = EXCLUDED.${column}`)
      .join(', ');
    const result = await db.query(
      `INSERT INTO price_forecasts (${COLUMNS.join(', ')}) VALUES ${rows.join(', ')}
       ON CONFLICT (flight_id, cabin) DO UPDATE SET ${updates}`,
      params,
    );
    written += result.rowCount ?? 0;
  }
  return written;
}

export function createPgForecastStore(db: SqlExecutor): ForecastStore {
  return {
    async startRun(runId, modelVersion, startedAt) {
      await db.query(
        `INSERT INTO forecast_runs (run_id, started_at, status, model_version) VALUES ($1, $2, 'running', $3)`,
        [runId, startedAt, modelVersion],
      );
    },
    saveForecasts: (runId, modelVersion, computedAt, forecasts) =>
      batchUpsertForecasts(db, runId, modelVersion, computedAt, forecasts),
    async finishRun(summary: RunSummary, error?: string) {
      await db.query(
        `UPDATE forecast_runs
            SET finished_at = now(), status = $2, flights = $3, forecasts = $4, insights = $5, preorders = $6, error = $7
          WHERE run_id = $1`,
        [
          summary.runId,
          error ? 'failed' : 'succeeded',
          summary.flights,
          summary.forecasts,
          summary.insights,
          summary.preordersPublished,
          error ?? null,
        ],
      );
    },
  };
}
