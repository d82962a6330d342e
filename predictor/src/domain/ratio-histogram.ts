/**
 * Histograms of log price ratios (future price / price today), stored flat in one Int32Array so
 * that a model with thousands of cells stays a single allocation. Bin width 0.02 in log space
 * (about 2 %), clamped to [-2, 2] (a ratio between 0.14 and 7.4).
 */
export const BIN_COUNT = 201;
export const LOG_MIN = -2;
export const BIN_WIDTH = 0.02;

export function binOf(ratio: number): number {
  return binOfLog(Math.log(ratio));
}

export function binOfLog(logRatio: number): number {
  const index = Math.round((logRatio - LOG_MIN) / BIN_WIDTH);
  return index < 0 ? 0 : index >= BIN_COUNT ? BIN_COUNT - 1 : index;
}

export function ratioOfBin(bin: number): number {
  return Math.exp(LOG_MIN + bin * BIN_WIDTH);
}

export interface HistogramStore {
  counts: Int32Array;
  /** Samples per cell, kept beside the bins so that "enough data?" is one read. */
  totals: Int32Array;
}

export function createHistogramStore(cells: number): HistogramStore {
  return { counts: new Int32Array(cells * BIN_COUNT), totals: new Int32Array(cells) };
}

export function addSample(store: HistogramStore, cell: number, ratio: number): void {
  addLogSample(store, cell, Math.log(ratio));
}

/** Same as addSample with the ratio given as its logarithm (the learner's hot path has logs at hand). */
export function addLogSample(store: HistogramStore, cell: number, logRatio: number): void {
  store.counts[cell * BIN_COUNT + binOfLog(logRatio)]! += 1;
  store.totals[cell]! += 1;
}

/** The ratio at quantile `q` (0..1) of one cell; 1 (no change) for an empty cell. */
export function quantileRatio(store: HistogramStore, cell: number, q: number): number {
  const total = store.totals[cell] ?? 0;
  if (total === 0) {
    return 1;
  }
  const target = q * total;
  const base = cell * BIN_COUNT;
  let seen = 0;
  for (let bin = 0; bin < BIN_COUNT; bin += 1) {
    seen += store.counts[base + bin]!;
    if (seen >= target && seen > 0) {
      return ratioOfBin(bin);
    }
  }
  return ratioOfBin(BIN_COUNT - 1);
}

/**
 * The point forecast that minimises the mean absolute percentage error: the median of the
 * ratio r weighted by 1/r (because |m - r| / r is the error of forecasting m when r happens).
 */
export function mapeOptimalRatio(store: HistogramStore, cell: number): number {
  const base = cell * BIN_COUNT;
  let weightTotal = 0;
  for (let bin = 0; bin < BIN_COUNT; bin += 1) {
    weightTotal += store.counts[base + bin]! / ratioOfBin(bin);
  }
  if (weightTotal === 0) {
    return 1;
  }
  let seen = 0;
  for (let bin = 0; bin < BIN_COUNT; bin += 1) {
    seen += store.counts[base + bin]! / ratioOfBin(bin);
    if (seen >= weightTotal / 2) {
      return ratioOfBin(bin);
    }
  }
  return 1;
}

/** Share of a cell's samples whose ratio is above `ratio`. */
export function tailAbove(store: HistogramStore, cell: number, ratio: number): number {
  const total = store.totals[cell] ?? 0;
  if (total === 0) {
    return 0;
  }
  const base = cell * BIN_COUNT;
  let above = 0;
  for (let bin = binOf(ratio) + 1; bin < BIN_COUNT; bin += 1) {
    above += store.counts[base + bin]!;
  }
  return above / total;
}

/** Mean of log(ratio) over a cell; 0 for an empty cell. */
export function meanLogRatio(store: HistogramStore, cell: number): number {
  const total = store.totals[cell] ?? 0;
  if (total === 0) {
    return 0;
  }
  const base = cell * BIN_COUNT;
  let sum = 0;
  for (let bin = 0; bin < BIN_COUNT; bin += 1) {
    sum += store.counts[base + bin]! * Math.log(ratioOfBin(bin));
  }
  return sum / total;
}

/**
 * Memo of the 10/50/90 % quantiles per cell, valid while the cell's sample count is unchanged:
 * a forecast run over many flights reads the same cells again and again.
 */
export interface QuantileCache {
  values: Float64Array;
  validFor: Int32Array;
}

export function createQuantileCache(cells: number): QuantileCache {
  return { values: new Float64Array(cells * 3), validFor: new Int32Array(cells).fill(-1) };
}

export function cachedBand(store: HistogramStore, cache: QuantileCache, cell: number): [number, number, number] {
  const total = store.totals[cell] ?? 0;
  const base = cell * 3;
  if (cache.validFor[cell] !== total) {
    cache.values[base] = quantileRatio(store, cell, 0.1);
    cache.values[base + 1] = quantileRatio(store, cell, 0.5);
    cache.values[base + 2] = quantileRatio(store, cell, 0.9);
    cache.validFor[cell] = total;
  }
  return [cache.values[base]!, cache.values[base + 1]!, cache.values[base + 2]!];
}
