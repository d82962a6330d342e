import type { PriceModelSettings } from './model-settings';

/**
 * One priced series: a departure (flight and cabin, or a route's day in the panel data)
 * re-observed day after day, at most one price per day, in day order.
 */
export interface PriceSeriesState {
  id: string;
  /** `ORIGIN-DESTINATION`: series of one route are compared with each other. */
  route: string;
  departureDay: number;
  days: number[];
  prices: number[];
  logPrices: number[];
  /** Per point: the model cells its state falls in (computed when the point arrived). */
  pathCells: number[];
  actionKeys: number[];
  lastDirection: -1 | 0 | 1;
  /** The last point's ratio to the same route's departures observed that day (see crossRatiosOfGroup); undefined if unknown. */
  lastCrossRatio: number | undefined;
  /** First point whose 7-day maximum is not yet known. */
  nextMax7: number;
  /** Per wait horizon: first point whose wait outcome is not yet known. */
  nextAction: number[];
  /** Per point: how far the search for a lower later price has got, and where it found one (-1: not yet). */
  scannedTo: number[];
  dropAt: number[];
}

export function createSeriesState(
  id: string,
  route: string,
  departureDay: number,
  settings: PriceModelSettings,
): PriceSeriesState {
  return {
    id,
    route,
    departureDay,
    days: [],
    prices: [],
    logPrices: [],
    pathCells: [],
    actionKeys: [],
    lastDirection: 0,
    lastCrossRatio: undefined,
    nextMax7: 0,
    nextAction: settings.waitHorizonsDays.map(() => 0),
    scannedTo: [],
    dropAt: [],
  };
}

/** What the model conditions on at one observation, from data dated up to that day only. */
export interface PointFeatures {
  daysLeft: number;
  /** 0 no earlier price in the lookback; 1 at the lookback's minimum; 2..5 increasingly above it. */
  levelBucket: number;
  /** 0 unknown; 1..4 cheap to dear against the same route's departures observed the same day. */
  crossBucket: number;
  direction: -1 | 0 | 1;
  isAtMax: boolean;
}

export const LEVEL_BUCKETS = 6;
export const CROSS_BUCKETS = 5;

export function levelBucketOf(ratioToMin: number | undefined): number {
  if (ratioToMin === undefined) {
    return 0;
  }
  return ratioToMin <= 1.0001 ? 1 : ratioToMin < 1.2 ? 2 : ratioToMin < 1.5 ? 3 : ratioToMin < 2 ? 4 : 5;
}

export function crossBucketOf(crossRatio: number | undefined): number {
  if (crossRatio === undefined) {
    return 0;
  }
  return crossRatio < 0.9 ? 1 : crossRatio < 1.1 ? 2 : crossRatio < 1.4 ? 3 : 4;
}

/** Features of a price about to be appended to `state` (which holds only earlier days). */
export function computeFeatures(
  state: PriceSeriesState,
  day: number,
  price: number,
  crossRatio: number | undefined,
  settings: PriceModelSettings,
): PointFeatures {
  let min = Infinity;
  let max = -Infinity;
  for (let i = state.days.length - 1; i >= 0 && state.days[i]! >= day - settings.lookbackDays; i -= 1) {
    min = Math.min(min, state.prices[i]!);
    max = Math.max(max, state.prices[i]!);
  }
  const hasPrior = min !== Infinity;
  const previous = state.prices[state.prices.length - 1];
  const direction = previous === undefined || previous === price ? state.lastDirection : price > previous ? 1 : -1;
  return {
    daysLeft: state.departureDay - day,
    levelBucket: levelBucketOf(hasPrior ? price / min : undefined),
    crossBucket: crossBucketOf(crossRatio),
    direction,
    isAtMax: hasPrior && price >= max && max > min,
  };
}

/**
 * For each price observed on one day on one route: its ratio to the geometric mean of the
 * route's other departures within ±3 days-left observed that day (NaN with fewer than two such
 * neighbours). Prefix sums over the days-left order keep this linear in the group size.
 */
export function crossRatiosOfGroup(daysLeft: ArrayLike<number>, prices: ArrayLike<number>): Float64Array {
  const count = daysLeft.length;
  const ratios = new Float64Array(count).fill(Number.NaN);
  if (count < 3) {
    return ratios;
  }
  const order = Array.from({ length: count }, (_, k) => k).sort((a, b) => daysLeft[a]! - daysLeft[b]!);
  const prefix = new Float64Array(count + 1);
  order.forEach((entry, k) => {
    prefix[k + 1] = prefix[k]! + Math.log(prices[entry]!);
  });
  let low = 0;
  let high = 0;
  for (let k = 0; k < count; k += 1) {
    const entry = order[k]!;
    const own = daysLeft[entry]!;
    while (daysLeft[order[low]!]! < own - 3) {
      low += 1;
    }
    while (high < count && daysLeft[order[high]!]! <= own + 3) {
      high += 1;
    }
    const others = high - low - 1;
    if (others >= 2) {
      const ownLog = Math.log(prices[entry]!);
      ratios[entry] = Math.exp(ownLog - (prefix[high]! - prefix[low]! - ownLog) / others);
    }
  }
  return ratios;
}
