import { runWalkForward } from '../../src/backtest/walk-forward';
import { defaultPriceModelSettings } from '../../src/domain/model-settings';
import { forecastSeries, trainPriceModel } from '../../src/domain/price-model';
import { spikePriceWait } from '../../src/domain/spike-wait';

const settings = { ...defaultPriceModelSettings, spikeCrossRatio: 3, spikeWaitDays: 14 };
const departureDay = 1_000;
const state = (prices: number[], daysLeft: number, lastCrossRatio: number | undefined) => ({
  departureDay,
  days: prices.map((_, i) => departureDay - daysLeft - prices.length + 1 + i),
  prices,
  lastCrossRatio,
});

describe('spike price wait', () => {
  it('waits up to the set days on a price at least the set ratio above its same-day neighbours', () => {
    expect(spikePriceWait(state([40, 160], 30, 3.2), settings)).toEqual({
      targetPrice: 160,
      waitUntilDay: departureDay - 30 + 14,
      crossRatio: 3.2,
    });
  });

  it('does not apply below the ratio, without a known ratio, or with the wait days or fewer left', () => {
    expect(spikePriceWait(state([40, 110], 30, 2.9), settings)).toBeUndefined();
    expect(spikePriceWait(state([40, 160], 30, undefined), settings)).toBeUndefined();
    expect(spikePriceWait(state([40, 160], 14, 4), settings)).toBeUndefined();
    expect(spikePriceWait(state([], 30, 4), settings)).toBeUndefined();
  });

  // One route, departures on consecutive days all observed on `day`; the middle one is priced at 4x.
  const day = departureDay - 30;
  const prices = [40, 42, 39, 160, 41, 40, 43];
  const panel = prices.map((price, k) => ({
    id: `AAA-BBB-${k}`,
    route: 'AAA-BBB',
    departureDay: departureDay - 3 + k,
    currency: 'EUR',
    days: [day - 1, day],
    prices: [40, price],
  }));

  it('advises WAIT on the spiked departure only, from the cross ratio of the same-day group', () => {
    const model = trainPriceModel(panel, settings, day);
    const advice = model.states.map((s) => forecastSeries(model, s)!.advice);
    expect(advice[3]).toMatchObject({ action: 'WAIT', targetPrice: 160, waitUntilDay: day + 14 });
    expect(advice[3]!.reason).toContain('neighbouring departures');
    advice.forEach((item, k) => {
      if (k !== 3) {
        expect(item.action).toBe('BUY');
      }
    });
  });

  it('gives the same wait in the walk-forward backtest', () => {
    const { decisions } = runWalkForward(panel, { settings, minDaysLeft: 7, maxDaysLeft: 60 });
    expect(decisions[3]![1]).toMatchObject({ waitUntilDay: day + 14, targetPrice: 160 });
    expect(decisions[2]![1]?.waitUntilDay).toBeUndefined();
  });
});
