import { quantileSorted } from './statistics';

export type PriceLabel = 'low' | 'typical' | 'high';

export interface PriceBand {
  min: number;
  q1: number;
  median: number;
  q3: number;
  max: number;
  samples: number;
}

/** Fewer comparable prices than this and there is no band (a label from three prices would be noise). */
export const MIN_BAND_SAMPLES = 5;

/**
 * Min, quartiles and max of comparable history (the caller chooses what is comparable: the same
 * route, departures near the same day, in one currency). `undefined` when there is too little.
 */
export function computePriceBand(prices: readonly number[]): PriceBand | undefined {
  const sorted = prices.filter((price) => Number.isFinite(price) && price > 0).sort((a, b) => a - b);
  if (sorted.length < MIN_BAND_SAMPLES) {
    return undefined;
  }
  return {
    min: sorted[0]!,
    q1: quantileSorted(sorted, 0.25),
    median: quantileSorted(sorted, 0.5),
    q3: quantileSorted(sorted, 0.75),
    max: sorted[sorted.length - 1]!,
    samples: sorted.length,
  };
}

/** low: at or below the first quartile; high: at or above the third; typical in between. */
export function labelPrice(price: number, band: PriceBand): PriceLabel {
  if (price <= band.q1) {
    return 'low';
  }
  return price >= band.q3 ? 'high' : 'typical';
}

/** Comparable departures: same route and currency, departing within `windowDays` of the day asked about. */
export function isComparableDeparture(departureDay: number, candidateDay: number, windowDays = 7): boolean {
  return Math.abs(departureDay - candidateDay) <= windowDays;
}
