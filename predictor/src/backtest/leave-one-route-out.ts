import { defaultPriceModelSettings } from '../domain/model-settings';
import type { BadRow, PanelSeries } from './panel-parser';
import { type BacktestOptions, type BacktestReport, buildReport, scenarioWindow } from './run-backtest';
import type { StrategyFigures } from './scenario-metrics';
import { type PointDecision, runWalkForward } from './walk-forward';

export type RouteFigures = StrategyFigures & { mape_7d: number; mape_7d_naive: number };

export interface LeaveOneRouteOutReport extends BacktestReport {
  validation: 'leave-one-route-out';
  /** Each route scored on its own, advised by a model that never learned from it. */
  per_route: Record<string, RouteFigures>;
}

/**
 * The test for routes the model has never seen: for each route, a walk-forward run in which the
 * model learns only from the other routes (it still sees the held-out route's prices up to each
 * day, as it would see a new route's). Every series is scored with the decisions of the run that
 * held its route out, pooled into one report, plus each route's own figures.
 */
export function runLeaveOneRouteOut(
  panel: PanelSeries[],
  badRows: BadRow[],
  options: BacktestOptions = {},
): LeaveOneRouteOutReport {
  const window = scenarioWindow(options);
  const routes = [...new Set(panel.map((item) => item.route))].sort();
  const decisions: (PointDecision | undefined)[][] = panel.map(() => []);
  routes.forEach((route, fold) => {
    const run = runWalkForward(panel, {
      settings: options.settings ?? defaultPriceModelSettings,
      ...window,
      learnsFrom: (item) => item.route !== route,
      onProgress: (done, total) => options.onProgress?.(fold * total + done, routes.length * total),
    });
    panel.forEach((item, s) => {
      if (item.route === route) {
        decisions[s] = run.decisions[s]!;
      }
    });
  });
  const perRoute: Record<string, RouteFigures> = {};
  for (const route of routes) {
    const indices = panel.flatMap((item, s) => (item.route === route ? [s] : []));
    const report = buildReport(
      indices.map((s) => panel[s]!),
      [],
      indices.map((s) => decisions[s]!),
      window,
    );
    perRoute[route] = {
      scenarios: report.scenarios,
      captured_share: report.captured_share,
      mean_saving_pct: report.mean_saving_pct,
      no_worse_rate: report.no_worse_rate,
      regret_vs_random: report.regret_vs_random,
      mape_7d: report.mape_7d,
      mape_7d_naive: report.mape_7d_naive,
    };
  }
  return {
    ...buildReport(panel, badRows, decisions, window),
    validation: 'leave-one-route-out',
    per_route: perRoute,
  };
}
