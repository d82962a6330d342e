import type { PriceModelSettings } from './model-settings';
import type { PriceSeriesState } from './price-series';

export interface SpikeWait {
  /** Buy as soon as the price falls below this (today's price). */
  targetPrice: number;
  /** Buy by this day at the latest: `spikeWaitDays` after today. */
  waitUntilDay: number;
  /** Today's price over the geometric mean of the route's neighbouring departures observed today. */
  crossRatio: number;
}

/**
 * A departure priced far above the same route's departures a few days either side, observed the
 * same day, is a local spike that usually comes back down. On the Wizz Air panel, a price at
 * least three times its neighbours with more than 14 days left fell below that level within 14
 * days in 89 % of 562 cases (5 % ended higher, mean saving 17 %); at 2-2.5 times, 22 % ended
 * higher. The threshold and wait were chosen on observations before 2016-01-23 and held on later
 * ones and on every route held out (see the README). Then: wait for a price below today's, for up
 * to `spikeWaitDays`, and only while more days than that are left. Uses only prices observed up
 * to today; undefined when the cross ratio is unknown, below the threshold, or departure is near.
 */
export function spikePriceWait(
  state: Pick<PriceSeriesState, 'days' | 'prices' | 'departureDay' | 'lastCrossRatio'>,
  settings: Pick<PriceModelSettings, 'spikeCrossRatio' | 'spikeWaitDays'>,
): SpikeWait | undefined {
  const last = state.prices.length - 1;
  const crossRatio = state.lastCrossRatio;
  if (last < 0 || crossRatio === undefined || !(crossRatio >= settings.spikeCrossRatio)) {
    return undefined;
  }
  const day = state.days[last]!;
  if (state.departureDay - day <= settings.spikeWaitDays) {
    return undefined;
  }
  return { targetPrice: state.prices[last]!, waitUntilDay: day + settings.spikeWaitDays, crossRatio };
}
