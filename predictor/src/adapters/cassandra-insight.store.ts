import { coerceError, type RegionStore, RetryableError } from '@fareflow/shared';
import { concurrent, types } from 'cassandra-driver';

import type { InsightStore, PriceInsight } from '../domain/ports';

const COLUMNS = [
  'origin',
  'destination',
  'departure_date',
  'currency',
  'band_min',
  'band_q1',
  'band_median',
  'band_q3',
  'band_max',
  'band_samples',
  'expected_lowest_price',
  'expected_lowest_date',
  'rise_probability_7d',
  'advice',
  'advice_confidence',
  'forecast_path',
  'model_version',
  'computed_at',
] as const;

export function insertInsightCql(keyspace: string): string {
  return `INSERT INTO ${keyspace}.price_insights (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;
}

const decimal = (amount: string | undefined) => (amount === undefined ? null : types.BigDecimal.fromString(amount));

export function insightValues(insight: PriceInsight, computedAt: Date, modelVersion: string): unknown[] {
  return [
    insight.origin,
    insight.destination,
    types.LocalDate.fromString(insight.departureDate),
    insight.currency,
    decimal(insight.band?.min),
    decimal(insight.band?.q1),
    decimal(insight.band?.median),
    decimal(insight.band?.q3),
    decimal(insight.band?.max),
    insight.band?.samples ?? 0,
    decimal(insight.expectedLowestPrice),
    types.LocalDate.fromString(insight.expectedLowestDate),
    insight.riseProbability7d,
    insight.advice,
    insight.adviceConfidence,
    insight.forecastPath,
    modelVersion,
    computedAt,
  ];
}

/** Writes `price_insights` rows into each region's keyspace (the availability API reads them there). */
export function createCassandraInsightStore(deps: {
  regions: ReadonlyMap<string, RegionStore>;
  concurrencyLevel: number;
}): InsightStore {
  return {
    regions: () => [...deps.regions.keys()],
    async writeInsights(region, insights, computedAt, modelVersion) {
      const store = deps.regions.get(region);
      if (!store) {
        throw new RetryableError('CASSANDRA_REGION_MISSING', `no Cassandra client for region "${region}"`);
      }
      const query = insertInsightCql(store.keyspace);
      const params = insights.map((insight) => insightValues(insight, computedAt, modelVersion));
      try {
        await concurrent.executeConcurrent(store.client, query, params, {
          concurrencyLevel: deps.concurrencyLevel,
          raiseOnFirstError: true,
        });
      } catch (error) {
        throw new RetryableError('CASSANDRA_WRITE_FAILED', `cassandra ${region}: ${coerceError(error).message}`, {
          cause: error,
        });
      }
    },
  };
}
