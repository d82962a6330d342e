import type { PriceModelSettings } from './model-settings';
import { CROSS_BUCKETS, LEVEL_BUCKETS, type PointFeatures } from './price-series';
import { createHistogramStore, createQuantileCache, type HistogramStore, type QuantileCache } from './ratio-histogram';

/**
 * What the model has learned: for every state cell, the distribution of what prices did next.
 *
 * - Path cells: (days left, level against the series' own lookback) x horizon -> histogram of
 *   price(t + h) / price(t). Horizon slot 0 holds the maximum over the next 7 days. Level slot 0
 *   pools all levels (the fallback when a cell is thin); pooled over all days it is the routes'
 *   typical lead-time curve.
 * - Action cells: (days-left band, level, cross-sectional rank, last move, at lookback max) x wait
 *   horizon K -> outcome of "wait up to K days for a price below today's, else buy on day K".
 *
 * Everything is stored as ratios, so routes with different currencies and fare levels share cells.
 */
export interface OutcomeTables {
  settings: PriceModelSettings;
  path: HistogramStore;
  bands: QuantileCache;
  /** Memo of each cell's mean log ratio (the lead-time drift), valid while its count is unchanged. */
  dailyDrift: { values: Float64Array; validFor: Int32Array };
  /** Horizon slots per path cell: 0 (7-day max) .. maxHorizonDays. */
  horizonSlots: number;
  action: ActionStore;
}

export interface ActionStore {
  savingSum: Float64Array;
  count: Int32Array;
  worse: Int32Array;
  better: Int32Array;
}

export const LEVEL_SLOTS = LEVEL_BUCKETS + 1;
const ACTION_DAYS_LEFT_EDGES = [7, 14, 21, 30, 45, 61] as const;
const ACTION_DAYS_LEFT_BANDS = ACTION_DAYS_LEFT_EDGES.length + 1;
const ACTION_KEYS = ACTION_DAYS_LEFT_BANDS * LEVEL_BUCKETS * CROSS_BUCKETS * 3 * 2;

export function createOutcomeTables(settings: PriceModelSettings): OutcomeTables {
  const daysLeftCells = settings.maxDaysLeft + 2;
  const horizonSlots = settings.maxHorizonDays + 1;
  const horizons = settings.waitHorizonsDays.length;
  const pathCells = daysLeftCells * LEVEL_SLOTS * horizonSlots;
  return {
    settings,
    path: createHistogramStore(pathCells),
    bands: createQuantileCache(pathCells),
    dailyDrift: { values: new Float64Array(pathCells), validFor: new Int32Array(pathCells).fill(-1) },
    horizonSlots,
    action: {
      savingSum: new Float64Array(ACTION_KEYS * horizons),
      count: new Int32Array(ACTION_KEYS * horizons),
      worse: new Int32Array(ACTION_KEYS * horizons),
      better: new Int32Array(ACTION_KEYS * horizons),
    },
  };
}

export function daysLeftIndex(daysLeft: number, settings: PriceModelSettings): number {
  return daysLeft < 0 ? 0 : daysLeft > settings.maxDaysLeft ? settings.maxDaysLeft + 1 : daysLeft;
}

/** Path cell of a state (days left x level slot); the pooled-level cell is `pooledPathCell`. */
export function pathCellOf(features: PointFeatures, settings: PriceModelSettings): number {
  return daysLeftIndex(features.daysLeft, settings) * LEVEL_SLOTS + features.levelBucket + 1;
}

export function pooledPathCell(pathCell: number): number {
  return pathCell - (pathCell % LEVEL_SLOTS);
}

export function histogramCell(tables: OutcomeTables, pathCell: number, slot: number): number {
  return pathCell * tables.horizonSlots + slot;
}

export function actionKeyOf(features: PointFeatures): number {
  let band = 0;
  while (band < ACTION_DAYS_LEFT_EDGES.length && features.daysLeft >= ACTION_DAYS_LEFT_EDGES[band]!) {
    band += 1;
  }
  const level = (band * LEVEL_BUCKETS + features.levelBucket) * CROSS_BUCKETS + features.crossBucket;
  return (level * 3 + features.direction + 1) * 2 + (features.isAtMax ? 1 : 0);
}

export function recordActionOutcome(tables: OutcomeTables, key: number, horizonIndex: number, saving: number): void {
  const slot = key * tables.settings.waitHorizonsDays.length + horizonIndex;
  const store = tables.action;
  store.savingSum[slot]! += saving;
  store.count[slot]! += 1;
  if (saving < 0) {
    store.worse[slot]! += 1;
  } else if (saving > 0) {
    store.better[slot]! += 1;
  }
}

export interface ActionStats {
  count: number;
  meanSaving: number;
  worseRate: number;
  betterRate: number;
}

export function actionStats(tables: OutcomeTables, key: number, horizonIndex: number): ActionStats {
  const slot = key * tables.settings.waitHorizonsDays.length + horizonIndex;
  const store = tables.action;
  const count = store.count[slot] ?? 0;
  if (count === 0) {
    return { count, meanSaving: 0, worseRate: 0, betterRate: 0 };
  }
  return {
    count,
    meanSaving: store.savingSum[slot]! / count,
    worseRate: store.worse[slot]! / count,
    betterRate: store.better[slot]! / count,
  };
}
