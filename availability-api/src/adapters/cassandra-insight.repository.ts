import type { RegionStore } from '@fareflow/shared';
import type { types } from 'cassandra-driver';

import type { InsightReader, PriceInsight } from '../domain/fare';
import type { StoreGuard } from './store-guard';

/** Reads the predictor's `price_insights` (predictor/cql/001_price_insights.cql). */
export function createCassandraInsightReader(store: RegionStore, guard: StoreGuard): InsightReader {
  const cql = `SELECT * FROM ${store.keyspace}.price_insights WHERE origin = ? AND destination = ? AND departure_date = ?`;
  return {
    async findInsight(origin, destination, date) {
      const result = await guard('findInsight', () =>
        store.client.execute(cql, [origin, destination, date], { prepare: true }),
      );
      const row = result.first() as types.Row | null;
      return row ? rowToInsight(row) : undefined;
    },
  };
}

const decimal = (value: unknown): string | undefined =>
  value === null || value === undefined ? undefined : String(value as types.BigDecimal);
const optional = <T>(value: unknown): T | undefined =>
  value === null || value === undefined ? undefined : (value as T);

export function rowToInsight(row: types.Row): PriceInsight {
  const [min, q1, median, q3, max] = ['band_min', 'band_q1', 'band_median', 'band_q3', 'band_max'].map((column) =>
    decimal(row[column]),
  );
  const expectedLowestPrice = decimal(row['expected_lowest_price']);
  const advice = optional<string>(row['advice']);
  return {
    origin: row['origin'] as string,
    destination: row['destination'] as string,
    departureDate: String(row['departure_date']),
    currency: (row['currency'] as string | null) ?? '',
    band:
      min && q1 && median && q3 && max
        ? { min, q1, median, q3, max, samples: optional<number>(row['band_samples']) ?? 0 }
        : undefined,
    forecast:
      expectedLowestPrice !== undefined || advice !== undefined
        ? {
            expectedLowestPrice,
            expectedLowestDate: optional<types.LocalDate>(row['expected_lowest_date'])?.toString(),
            riseProbability7d: optional<number>(row['rise_probability_7d']),
            advice,
            adviceConfidence: optional<number>(row['advice_confidence']),
            modelVersion: optional<string>(row['model_version']),
          }
        : undefined,
    computedAtMs: optional<Date>(row['computed_at'])?.getTime(),
  };
}
