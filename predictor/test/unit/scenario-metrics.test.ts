import type { PanelSeries } from '../../src/backtest/panel-parser';
import { runBacktest } from '../../src/backtest/run-backtest';
import {
  buyAtStart,
  followAdvice,
  scoreForecasts,
  scoreStrategy,
  waitUntilDaysLeft,
  withForesight,
} from '../../src/backtest/scenario-metrics';
import { defaultPriceModelSettings } from '../../src/domain/model-settings';
import { makeSyntheticPanel } from '../support/synthetic-panel';

// One series, departure on day 100, observed on days 70..73 (30..27 days left) and 80 (20 left).
const series: PanelSeries = {
  id: 'AAA-BBB-100',
  route: 'AAA-BBB',
  departureDay: 100,
  currency: 'EUR',
  days: [70, 71, 72, 73, 80],
  prices: [100, 80, 120, 90, 150],
};
const everyStart = () => true;

describe('backtest figures', () => {
  it('scores buying at the start: no saving, never worse', () => {
    const figures = scoreStrategy([series], everyStart, buyAtStart);
    expect(figures).toMatchObject({ scenarios: 5, captured_share: 0, mean_saving_pct: 0, no_worse_rate: 1 });
    // regret: sum(paid - lowest)/start over sum(mean - lowest)/start, computed by hand.
    const regret = 20 / 100 + 0 / 80 + 30 / 120 + 0 / 90 + 0 / 150;
    const random = (108 - 80) / 100 + (110 - 80) / 80 + (120 - 90) / 120 + (120 - 90) / 90 + 0 / 150;
    expect(figures.regret_vs_random).toBeCloseTo(regret / random, 4);
  });

  it('scores waiting until 21 days before departure', () => {
    const figures = scoreStrategy([series], everyStart, waitUntilDaysLeft(21));
    // Every start buys on day 80 at 150.
    const savings = [100, 80, 120, 90, 150].map((start) => (start - 150) / start);
    expect(figures.mean_saving_pct).toBeCloseTo((100 * savings.reduce((a, b) => a + b)) / 5, 3);
    expect(figures.no_worse_rate).toBeCloseTo(1 / 5, 4);
  });

  it('follows a wait plan: buys below the target before the deadline, else at the deadline', () => {
    const decisions = [
      [{ waitUntilDay: 72, targetPrice: 100 }, { waitUntilDay: 73, targetPrice: 80 }, undefined, undefined, undefined],
    ];
    const rule = followAdvice(decisions, new Map([[series, 0]]));
    expect(rule(series, 0)).toBe(1); // 80 < 100 on day 71
    expect(rule(series, 1)).toBe(3); // nothing below 80 until day 73: buys at 90 on the deadline
    expect(rule(series, 2)).toBe(2); // no plan: buy now
    const figures = scoreStrategy([series], (_s, i) => i < 2, rule);
    expect(figures.captured_share).toBeCloseTo((0.2 + -10 / 80) / (0.2 + 0), 4);
    expect(figures.no_worse_rate).toBe(0.5);
  });

  it('measures foresight: waits while a lower price is coming within the horizon, so it is never worse', () => {
    const nextDay = withForesight(1);
    expect(nextDay(series, 0)).toBe(1); // 80 tomorrow: waits, then nothing lower tomorrow: buys at 80
    expect(nextDay(series, 2)).toBe(3); // 120 -> 90
    expect(nextDay(series, 3)).toBe(3); // the next observation is 7 days later
    const dip: PanelSeries = { ...series, days: [70, 71, 72], prices: [100, 110, 90] };
    expect(nextDay(dip, 0)).toBe(0); // tomorrow is dearer
    expect(withForesight(7)(dip, 0)).toBe(2); // but 90 comes within the week
    const figures = scoreStrategy([series], everyStart, withForesight(7));
    expect(figures.no_worse_rate).toBe(1);
    // Paid 80, 80, 90, 90, 150; the lowest still to come is 80, 80, 90, 90, 150: everything possible is captured.
    expect(figures.captured_share).toBe(1);
  });

  it('compares the 7-day forecast with the price seen exactly 7 days later, beside the last price', () => {
    const weekly: PanelSeries = { ...series, days: [70, 77], prices: [100, 125] };
    const figures = scoreForecasts([weekly], [[{ forecast7d: 120 }, { forecast7d: 130 }]]);
    expect(figures).toEqual({ mape_7d: 0.04, mape_7d_naive: 0.2, samples: 1 });
  });

  it('produces every reported figure for the model and both baselines on a synthetic panel', () => {
    const panel = makeSyntheticPanel({ routes: ['AAA-BBB', 'CCC-DDD'], departures: 50, leadDays: 70, seed: 11 });
    // A small panel: cells need fewer samples than on real data before the model trusts them.
    const report = runBacktest(panel, [], { settings: { ...defaultPriceModelSettings, minSamples: 20 } });
    expect(report.scenarios).toBe(2 * 50 * 54);
    expect(report.baselines.buy_at_start).toMatchObject({ captured_share: 0, mean_saving_pct: 0, no_worse_rate: 1 });
    expect(report.baselines.wait_until_21_days.scenarios).toBe(report.scenarios);
    // Synthetic fares climb in the last three weeks: waiting until then is clearly worse.
    expect(report.baselines.wait_until_21_days.mean_saving_pct).toBeLessThan(0);
    expect(report.mape_samples).toBeGreaterThan(0);
    expect(report.mape_7d).toBeLessThan(report.mape_7d_naive);
    // Foresight is never worse than the start, and a week of it captures more than a day.
    const { knows_next_day: day, knows_next_7_days: week } = report.foresight;
    expect([day.no_worse_rate, week.no_worse_rate]).toEqual([1, 1]);
    expect(week.captured_share).toBeGreaterThan(day.captured_share);
    expect(day.captured_share).toBeGreaterThan(0);
  });
});
