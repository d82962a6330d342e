import { daysLeftIndex, histogramCell, LEVEL_SLOTS, type OutcomeTables, pooledPathCell } from './outcome-tables';
import type { PriceSeriesState } from './price-series';
import { cachedBand, mapeOptimalRatio, meanLogRatio, tailAbove } from './ratio-histogram';

export interface ForecastPoint {
  day: number;
  daysAhead: number;
  /** 10 %, 50 % and 90 % quantiles of the price on that day. */
  low: number;
  median: number;
  high: number;
}

export interface PriceForecast {
  asOfDay: number;
  price: number;
  daysLeft: number;
  /** Expected path (median) with its 10-90 % band, one point per day until departure. */
  path: ForecastPoint[];
  /** Probability that the price rises above price x (1 + riseThreshold) within 7 days. */
  riseProbability7d: number;
  /** The lowest median on the path (or today's price if nothing lower is expected). */
  expectedLowest: { day: number; price: number };
  /** Samples behind the 7-day horizon's cell: how much history the forecast stands on. */
  samples: number;
}

/** The cell to read for a state and horizon: its own level, else all levels pooled, else none. */
function usableCell(tables: OutcomeTables, pathCell: number, slot: number): number | undefined {
  const own = histogramCell(tables, pathCell, slot);
  if ((tables.path.totals[own] ?? 0) >= tables.settings.minSamples) {
    return own;
  }
  const pooled = histogramCell(tables, pooledPathCell(pathCell), slot);
  return (tables.path.totals[pooled] ?? 0) >= tables.settings.minSamples ? pooled : undefined;
}

/**
 * Point forecast of the price `horizonDays` after the series' last observation that minimises
 * the expected absolute percentage error; the last price when history is too thin.
 */
export function forecastPointPrice(tables: OutcomeTables, state: PriceSeriesState, horizonDays: number): number {
  const last = state.prices.length - 1;
  const price = state.prices[last]!;
  const slot = Math.min(horizonDays, tables.settings.maxHorizonDays);
  const cell = usableCell(tables, state.pathCells[last]!, slot);
  return cell === undefined ? price : price * mapeOptimalRatio(tables.path, cell);
}

/**
 * Forecast from the series' last observation until departure. Horizons up to `maxHorizonDays`
 * read their learned cell; longer ones continue from there along the lead-time curve.
 */
export function forecastPrice(tables: OutcomeTables, state: PriceSeriesState): PriceForecast {
  const last = state.prices.length - 1;
  const price = state.prices[last]!;
  const asOfDay = state.days[last]!;
  const pathCell = state.pathCells[last]!;
  const daysLeft = state.departureDay - asOfDay;
  const maxHorizon = tables.settings.maxHorizonDays;
  const path: ForecastPoint[] = [];
  let expectedLowest = { day: asOfDay, price };
  let chainLog = 0;
  for (let h = 1; h <= daysLeft; h += 1) {
    if (h > maxHorizon) {
      chainLog += meanOneDayLogChange(tables, daysLeft - h + 1);
    }
    const cell = usableCell(tables, pathCell, Math.min(h, maxHorizon));
    const scale = price * Math.exp(chainLog);
    const [low, median, high] = cell === undefined ? [1, 1, 1] : cachedBand(tables.path, tables.bands, cell);
    const point: ForecastPoint = {
      day: asOfDay + h,
      daysAhead: h,
      low: scale * low,
      median: scale * median,
      high: scale * high,
    };
    path.push(point);
    if (point.median < expectedLowest.price) {
      expectedLowest = { day: point.day, price: point.median };
    }
  }
  const riseCell = usableCell(tables, pathCell, 0);
  const riseProbability7d =
    riseCell === undefined ? 0 : tailAbove(tables.path, riseCell, 1 + tables.settings.riseThreshold);
  return {
    asOfDay,
    price,
    daysLeft,
    path,
    riseProbability7d,
    expectedLowest,
    samples: tables.path.totals[histogramCell(tables, pathCell, Math.min(7, maxHorizon))] ?? 0,
  };
}

/**
 * The routes' typical price change from `daysLeft` to `daysLeft - 1` (mean log ratio of all
 * one-day moves seen at that lead time); 0 where history is too thin.
 */
export function meanOneDayLogChange(tables: OutcomeTables, daysLeft: number): number {
  const cell = histogramCell(tables, daysLeftIndex(daysLeft, tables.settings) * LEVEL_SLOTS, 1);
  const total = tables.path.totals[cell] ?? 0;
  if (total < tables.settings.minSamples) {
    return 0;
  }
  const memo = tables.dailyDrift;
  if (memo.validFor[cell] !== total) {
    memo.values[cell] = meanLogRatio(tables.path, cell);
    memo.validFor[cell] = total;
  }
  return memo.values[cell]!;
}

/** The typical lead-time curve: price at each days-left value relative to `fromDaysLeft`. */
export function leadTimeCurve(tables: OutcomeTables, fromDaysLeft: number): number[] {
  const curve = [1];
  let logSum = 0;
  for (let d = fromDaysLeft; d > 0; d -= 1) {
    logSum += meanOneDayLogChange(tables, d);
    curve.push(Math.exp(logSum));
  }
  return curve;
}
