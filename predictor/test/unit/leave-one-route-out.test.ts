import { runLeaveOneRouteOut } from '../../src/backtest/leave-one-route-out';
import { runWalkForward } from '../../src/backtest/walk-forward';
import { defaultPriceModelSettings } from '../../src/domain/model-settings';
import { makeSyntheticPanel } from '../support/synthetic-panel';

const settings = { ...defaultPriceModelSettings, minSamples: 20 };
const window = { minDaysLeft: 7, maxDaysLeft: 60 };

describe('leave-one-route-out validation', () => {
  const panel = makeSyntheticPanel({ routes: ['AAA-BBB', 'CCC-DDD'], departures: 50, leadDays: 70, seed: 13 });
  // The same panel with AAA-BBB's fares changed beyond recognition.
  const changed = panel.map((series) =>
    series.route === 'AAA-BBB'
      ? { ...series, prices: series.prices.map((price, i) => price * (i % 3 === 0 ? 4 : 0.5)) }
      : series,
  );
  const decisionsOf = (run: ReturnType<typeof runWalkForward>, route: string) =>
    panel.flatMap((series, s) => (series.route === route ? [run.decisions[s]] : []));

  it('a held-out route teaches the model nothing: the other route is advised the same whatever its fares', () => {
    const heldOut = { settings, ...window, learnsFrom: (series: { route: string }) => series.route !== 'AAA-BBB' };
    const plain = runWalkForward(panel, heldOut);
    const withChanged = runWalkForward(changed, heldOut);
    expect(decisionsOf(withChanged, 'CCC-DDD')).toEqual(decisionsOf(plain, 'CCC-DDD'));
    // Learning from every route, the same change does reach the other route's advice.
    const learnsAll = { settings, ...window };
    expect(decisionsOf(runWalkForward(changed, learnsAll), 'CCC-DDD')).not.toEqual(
      decisionsOf(runWalkForward(panel, learnsAll), 'CCC-DDD'),
    );
  });

  it('scores every scenario once, pooled and per route', () => {
    const report = runLeaveOneRouteOut(panel, [], { settings });
    expect(report.validation).toBe('leave-one-route-out');
    expect(Object.keys(report.per_route)).toEqual(['AAA-BBB', 'CCC-DDD']);
    expect(report.scenarios).toBe(2 * 50 * 54);
    expect(report.per_route['AAA-BBB']!.scenarios + report.per_route['CCC-DDD']!.scenarios).toBe(report.scenarios);
    expect(report.baselines.buy_at_start.no_worse_rate).toBe(1);
  });
});
