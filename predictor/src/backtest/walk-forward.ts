import { adviseBuyOrWait } from '../domain/buy-wait-advice';
import { defaultPriceModelSettings, type PriceModelSettings } from '../domain/model-settings';
import { createOutcomeTables } from '../domain/outcome-tables';
import { forecastPointPrice } from '../domain/price-forecaster';
import { addObservation, finalizeSeries } from '../domain/price-learner';
import { createSeriesState, crossRatiosOfGroup, type PriceSeriesState } from '../domain/price-series';
import type { PanelSeries } from './panel-parser';

/** What the model said at one observation, using only data dated up to that day. */
export interface PointDecision {
  /** Wait plan: buy below `targetPrice`, else by `waitUntilDay`; `undefined` = buy now. */
  waitUntilDay?: number;
  targetPrice?: number;
  /** Point forecast of the price 7 days later. */
  forecast7d?: number;
}

export interface WalkForwardOptions {
  settings?: PriceModelSettings;
  /** Decisions are made for observations with days-left in this range (inclusive). */
  minDaysLeft: number;
  maxDaysLeft: number;
  /** Series whose outcomes the model learns from (default: all); the others are only advised on. */
  learnsFrom?: (series: PanelSeries) => boolean;
  onProgress?: (doneDays: number, totalDays: number) => void;
}

export interface WalkForwardResult {
  series: PanelSeries[];
  /** decisions[s][i]: the decision at series s's i-th observation (undefined outside the window). */
  decisions: (PointDecision | undefined)[][];
}

interface DayEntry {
  series: number;
  index: number;
}

/**
 * Replays the panel day by day. On day T the model first learns every price dated T (and the
 * outcomes those prices complete), then decides for each series observed on T. Nothing dated
 * after T exists in the model at that moment, so a decision can never depend on the future.
 */
export function runWalkForward(panel: PanelSeries[], options: WalkForwardOptions): WalkForwardResult {
  const settings = options.settings ?? defaultPriceModelSettings;
  const tables = createOutcomeTables(settings);
  const states = panel.map((item) => createSeriesState(item.id, item.route, item.departureDay, settings));
  const decisions: (PointDecision | undefined)[][] = panel.map((item) => new Array(item.days.length).fill(undefined));
  const learns = panel.map((item) => options.learnsFrom?.(item) ?? true);
  const calendar = buildCalendar(panel);
  const departures = panel.map((item, index) => ({ day: item.departureDay, index })).sort((a, b) => a.day - b.day);
  let nextDeparture = 0;
  calendar.forEach(({ day, entries }, dayIndex) => {
    while (nextDeparture < departures.length && departures[nextDeparture]!.day < day) {
      const departed = departures[nextDeparture]!.index;
      if (learns[departed]) {
        finalizeSeries(tables, states[departed]!);
      }
      nextDeparture += 1;
    }
    for (const group of groupByRoute(panel, entries).values()) {
      const daysLeft = group.map((entry) => panel[entry.series]!.departureDay - day);
      const prices = group.map((entry) => panel[entry.series]!.prices[entry.index]!);
      const cross = crossRatiosOfGroup(daysLeft, prices);
      group.forEach((entry, k) => {
        const ratio = cross[k]!;
        const crossRatio = Number.isNaN(ratio) ? undefined : ratio;
        addObservation(tables, states[entry.series]!, day, prices[k]!, crossRatio, learns[entry.series]);
      });
    }
    for (const entry of entries) {
      const daysLeft = panel[entry.series]!.departureDay - day;
      if (daysLeft >= options.minDaysLeft && daysLeft <= options.maxDaysLeft) {
        decisions[entry.series]![entry.index] = decide(tables, states[entry.series]!);
      }
    }
    options.onProgress?.(dayIndex + 1, calendar.length);
  });
  return { series: panel, decisions };
}

function decide(tables: ReturnType<typeof createOutcomeTables>, state: PriceSeriesState): PointDecision {
  const advice = adviseBuyOrWait(tables, state);
  const forecast7d = forecastPointPrice(tables, state, 7);
  return advice.action === 'WAIT'
    ? { waitUntilDay: advice.waitUntilDay, targetPrice: advice.targetPrice, forecast7d }
    : { forecast7d };
}

function buildCalendar(panel: PanelSeries[]): { day: number; entries: DayEntry[] }[] {
  const byDay = new Map<number, DayEntry[]>();
  panel.forEach((item, series) => {
    item.days.forEach((day, index) => {
      let list = byDay.get(day);
      if (!list) {
        list = [];
        byDay.set(day, list);
      }
      list.push({ series, index });
    });
  });
  return [...byDay.entries()].sort((a, b) => a[0] - b[0]).map(([day, entries]) => ({ day, entries }));
}

function groupByRoute(panel: PanelSeries[], entries: DayEntry[]): Map<string, DayEntry[]> {
  const routes = new Map<string, DayEntry[]>();
  for (const entry of entries) {
    const route = panel[entry.series]!.route;
    let list = routes.get(route);
    if (!list) {
      list = [];
      routes.set(route, list);
    }
    list.push(entry);
  }
  return routes;
}
