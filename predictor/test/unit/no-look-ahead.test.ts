import { runWalkForward } from '../../src/backtest/walk-forward';
import { defaultPriceModelSettings } from '../../src/domain/model-settings';
import { trainPriceModel } from '../../src/domain/price-model';
import { forecastSeries } from '../../src/domain/price-model';
import { makeSyntheticPanel } from '../support/synthetic-panel';

const settings = { ...defaultPriceModelSettings, minSamples: 20 };

describe('walk-forward backtest never looks ahead', () => {
  it('a price spike planted in the future of a series does not change any earlier advice or forecast', () => {
    const panel = makeSyntheticPanel({ routes: ['AAA-BBB', 'CCC-DDD'], departures: 60, leadDays: 70, seed: 7 });
    const spikeDay = panel[0]!.days[0]! + 90;
    const spiked = panel.map((series) => ({
      ...series,
      prices: series.prices.map((price, i) => (series.days[i]! >= spikeDay ? price * 6 : price)),
    }));
    const options = { settings, minDaysLeft: 0, maxDaysLeft: 400 };
    const before = runWalkForward(panel, options);
    const after = runWalkForward(spiked, options);

    let compared = 0;
    let waitsBeforeSpike = 0;
    panel.forEach((series, s) => {
      series.days.forEach((day, i) => {
        if (day < spikeDay) {
          expect(after.decisions[s]![i]).toEqual(before.decisions[s]![i]);
          compared += 1;
          waitsBeforeSpike += before.decisions[s]![i]?.waitUntilDay === undefined ? 0 : 1;
        }
      });
    });
    expect(compared).toBeGreaterThan(1_000);
    // The comparison is only meaningful if the model was giving non-trivial advice and forecasts.
    expect(waitsBeforeSpike).toBeGreaterThan(0);
    // And the spike does change what comes after it: the test would catch a model that ignores data.
    const changedAfter = panel.some((series, s) =>
      series.days.some(
        (day, i) =>
          day > spikeDay && JSON.stringify(after.decisions[s]![i]) !== JSON.stringify(before.decisions[s]![i]),
      ),
    );
    expect(changedAfter).toBe(true);
  });

  it('a model trained as of a day ignores prices dated later', () => {
    const panel = makeSyntheticPanel({ routes: ['AAA-BBB'], departures: 40, leadDays: 60, seed: 3 });
    const asOfDay = panel[0]!.days[0]! + 50;
    const spiked = panel.map((series) => ({
      ...series,
      prices: series.prices.map((price, i) => (series.days[i]! > asOfDay ? price * 10 : price)),
    }));
    const plain = trainPriceModel(panel, settings, asOfDay);
    const withFuture = trainPriceModel(spiked, settings, asOfDay);
    plain.states.forEach((state, s) => {
      expect(forecastSeries(withFuture, withFuture.states[s]!)).toEqual(forecastSeries(plain, state));
    });
  });
});
