import { adviseBuyOrWait } from '../../src/domain/buy-wait-advice';
import { defaultPriceModelSettings } from '../../src/domain/model-settings';
import { createOutcomeTables } from '../../src/domain/outcome-tables';
import { addObservation } from '../../src/domain/price-learner';
import { forecastSeries, type TrainingSeries, trainPriceModel } from '../../src/domain/price-model';
import { createSeriesState } from '../../src/domain/price-series';
import { makeSyntheticPanel } from '../support/synthetic-panel';

const settings = { ...defaultPriceModelSettings, minSamples: 20 };

describe('price model', () => {
  const panel = makeSyntheticPanel({ routes: ['AAA-BBB', 'CCC-DDD'], departures: 80, leadDays: 70, seed: 5 });
  const asOfDay = panel[0]!.departureDay + 40;
  const model = trainPriceModel(panel, settings, asOfDay);
  const outlookAt = (daysLeft: number) => {
    const index = panel.findIndex((series) => series.departureDay - asOfDay === daysLeft);
    return forecastSeries(model, model.states[index]!)!;
  };

  it('forecasts a path to departure that climbs like the history did in the last three weeks', () => {
    const { forecast } = outlookAt(30);
    expect(forecast.path).toHaveLength(30);
    const atDeparture = forecast.path[forecast.path.length - 1]!;
    expect(atDeparture.median).toBeGreaterThan(forecast.price * 1.5);
    for (const point of forecast.path) {
      expect(point.low).toBeLessThanOrEqual(point.median);
      expect(point.median).toBeLessThanOrEqual(point.high);
    }
  });

  it('gives the lowest expected fare before departure and a 7-day rise probability', () => {
    const far = outlookAt(30).forecast;
    const near = outlookAt(10).forecast;
    expect(far.expectedLowest.price).toBeLessThanOrEqual(far.price);
    expect(near.riseProbability7d).toBeGreaterThan(far.riseProbability7d);
    expect(near.riseProbability7d).toBeGreaterThan(0.5);
  });

  it('advises BUY close to departure, where waiting never paid off', () => {
    expect(outlookAt(8).advice.action).toBe('BUY');
  });

  it('advises BUY with a neutral confidence when there is no similar history', () => {
    const tables = createOutcomeTables(defaultPriceModelSettings);
    const state = createSeriesState('X', 'XXX-YYY', 100, defaultPriceModelSettings);
    addObservation(tables, state, 60, 50, undefined);
    expect(adviseBuyOrWait(tables, state)).toMatchObject({ action: 'BUY', confidence: 0.5, samples: 0 });
  });

  it('advises WAIT where history shows prices that jumped up came back down', () => {
    // Every series jumps to 100 for one day then falls back to 50: waiting on a jump pays.
    const bouncing: TrainingSeries[] = Array.from({ length: 60 }, (_, s) => {
      const days = Array.from({ length: 50 }, (_, i) => 1_000 + i);
      return {
        id: `S${s}`,
        route: 'AAA-BBB',
        departureDay: 1_080,
        days,
        prices: days.map((_, i) => (i % 5 === s % 5 ? 100 : 50)),
      };
    });
    const trained = trainPriceModel(bouncing, settings, 1_049);
    const jumped = trained.states.find((state) => state.prices[state.prices.length - 1] === 100)!;
    const advice = forecastSeries(trained, jumped)!.advice;
    expect(advice.action).toBe('WAIT');
    expect(advice.targetPrice).toBe(100);
    expect(advice.waitUntilDay).toBeGreaterThan(1_049);
    expect(advice.confidence).toBeGreaterThan(0.9);
  });

  it('ignores a second price for a day it already has, and non-positive prices', () => {
    const tables = createOutcomeTables(settings);
    const state = createSeriesState('X', 'XXX-YYY', 100, settings);
    expect(addObservation(tables, state, 60, 50, undefined)).toBe(true);
    expect(addObservation(tables, state, 60, 70, undefined)).toBe(false);
    expect(addObservation(tables, state, 61, 0, undefined)).toBe(false);
    expect(state.prices).toEqual([50]);
  });
});
