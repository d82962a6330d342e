import { defaultPriceModelSettings, PRICE_MODEL_VERSION, type PriceModelSettings } from '../domain/model-settings';
import type { BadRow, PanelSeries } from './panel-parser';
import {
  buyAtStart,
  followAdvice,
  round,
  scoreForecasts,
  scoreStrategy,
  type StrategyFigures,
  waitUntilDaysLeft,
  withForesight,
} from './scenario-metrics';
import { type PointDecision, runWalkForward } from './walk-forward';

export interface BacktestReport extends StrategyFigures {
  model_version: string;
  series: number;
  rows: number;
  bad_rows: number;
  wait_advice_share: number;
  mape_7d: number;
  mape_7d_naive: number;
  mape_samples: number;
  baselines: {
    buy_at_start: StrategyFigures & { mape_7d: number };
    wait_until_21_days: StrategyFigures & { mape_7d: number };
  };
  /** Yardsticks that read the future (not strategies): what perfect foresight of the next day or week captures. */
  foresight: {
    knows_next_day: StrategyFigures;
    knows_next_7_days: StrategyFigures;
  };
}

export interface BacktestOptions {
  settings?: PriceModelSettings;
  minDaysLeft?: number;
  maxDaysLeft?: number;
  onProgress?: (done: number, total: number) => void;
}

/**
 * Walk-forward backtest over a panel: every series and every start day with 7..60 days left
 * is a traveler who follows the advice given that day (or a baseline rule).
 */
export function runBacktest(panel: PanelSeries[], badRows: BadRow[], options: BacktestOptions = {}): BacktestReport {
  const window = scenarioWindow(options);
  const { decisions } = runWalkForward(panel, {
    settings: options.settings ?? defaultPriceModelSettings,
    ...window,
    onProgress: options.onProgress,
  });
  return buildReport(panel, badRows, decisions, window);
}

export interface ScenarioWindow {
  minDaysLeft: number;
  maxDaysLeft: number;
}

export function scenarioWindow(options: BacktestOptions): ScenarioWindow {
  return { minDaysLeft: options.minDaysLeft ?? 7, maxDaysLeft: options.maxDaysLeft ?? 60 };
}

/** Scores decisions made for `panel` (decisions[s] belongs to panel[s]) and both baselines. */
export function buildReport(
  panel: PanelSeries[],
  badRows: BadRow[],
  decisions: (PointDecision | undefined)[][],
  window: ScenarioWindow,
): BacktestReport {
  const isStart = (item: PanelSeries, index: number) => {
    const daysLeft = item.departureDay - item.days[index]!;
    return daysLeft >= window.minDaysLeft && daysLeft <= window.maxDaysLeft;
  };
  const indexOf = new Map(panel.map((item, index) => [item, index]));
  const model = scoreStrategy(panel, isStart, followAdvice(decisions, indexOf));
  const mape = scoreForecasts(panel, decisions);
  const waits = decisions.flat().filter((decision) => decision?.waitUntilDay !== undefined).length;
  return {
    model_version: PRICE_MODEL_VERSION,
    series: panel.length,
    rows: panel.reduce((sum, item) => sum + item.days.length, 0),
    bad_rows: badRows.length,
    ...model,
    wait_advice_share: model.scenarios === 0 ? 0 : round(waits / model.scenarios),
    mape_7d: mape.mape_7d,
    mape_7d_naive: mape.mape_7d_naive,
    mape_samples: mape.samples,
    baselines: {
      // Both baselines forecast nothing; their 7-day forecast is the last price (the naive one).
      buy_at_start: { ...scoreStrategy(panel, isStart, buyAtStart), mape_7d: mape.mape_7d_naive },
      wait_until_21_days: { ...scoreStrategy(panel, isStart, waitUntilDaysLeft(21)), mape_7d: mape.mape_7d_naive },
    },
    foresight: {
      knows_next_day: scoreStrategy(panel, isStart, withForesight(1)),
      knows_next_7_days: scoreStrategy(panel, isStart, withForesight(7)),
    },
  };
}
