import type { PriceModelSettings } from './model-settings';
import type { PriceSeriesState } from './price-series';

export interface ElevatedWait {
  /** Buy as soon as the price falls below this (today's price). */
  targetPrice: number;
  /** Buy by this day at the latest: when `elevatedWaitUntilDaysLeft` days are left. */
  waitUntilDay: number;
  /** Today's price over the series' lowest earlier price. */
  ratioToLowest: number;
}

/**
 * Fares sit on a ladder and, far from departure, step up and back down before the late climb.
 * A price at least `elevatedRatio` times the series' own lowest earlier price, while more than
 * `elevatedWaitUntilDaysLeft` days are left, has usually come back below today's level before
 * the climb. Then: wait for a price below today's, and buy when that many days are left at the
 * latest. Uses only the series' prices up to its last observation; undefined when the rule
 * does not apply (no earlier price, not elevated enough, or too close to departure).
 */
export function elevatedPriceWait(
  state: Pick<PriceSeriesState, 'days' | 'prices' | 'departureDay'>,
  settings: Pick<PriceModelSettings, 'elevatedRatio' | 'elevatedWaitUntilDaysLeft'>,
): ElevatedWait | undefined {
  const last = state.prices.length - 1;
  if (last < 1) {
    return undefined;
  }
  const price = state.prices[last]!;
  const daysLeft = state.departureDay - state.days[last]!;
  if (daysLeft <= settings.elevatedWaitUntilDaysLeft) {
    return undefined;
  }
  let lowest = Infinity;
  for (let i = 0; i < last; i += 1) {
    lowest = Math.min(lowest, state.prices[i]!);
  }
  const ratioToLowest = price / lowest;
  if (!(ratioToLowest >= settings.elevatedRatio)) {
    return undefined;
  }
  return {
    targetPrice: price,
    waitUntilDay: state.departureDay - settings.elevatedWaitUntilDaysLeft,
    ratioToLowest,
  };
}
