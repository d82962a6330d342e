import { adviseBuyOrWait, type BuyWaitAdvice } from './buy-wait-advice';
import type { PriceModelSettings } from './model-settings';
import { createOutcomeTables, type OutcomeTables } from './outcome-tables';
import { forecastPrice, type PriceForecast } from './price-forecaster';
import { addObservation, finalizeSeries } from './price-learner';
import { createSeriesState, crossRatiosOfGroup, type PriceSeriesState } from './price-series';

/** Daily prices of one departure (flight and cabin), days ascending and unique. */
export interface TrainingSeries {
  id: string;
  route: string;
  departureDay: number;
  days: readonly number[];
  prices: readonly number[];
}

export interface TrainedModel {
  tables: OutcomeTables;
  /** One state per input series, same order. */
  states: PriceSeriesState[];
}

/**
 * Learns from every series up to `asOfDay` (prices dated later are ignored) and leaves each
 * series' state at its last observation, ready for `forecastSeries`. Series that departed
 * before `asOfDay` are finalised so that their last outcomes count.
 */
export function trainPriceModel(
  series: readonly TrainingSeries[],
  settings: PriceModelSettings,
  asOfDay: number,
): TrainedModel {
  const tables = createOutcomeTables(settings);
  const cross = computeCrossRatios(series, asOfDay);
  const states = series.map((item, s) => {
    const state = createSeriesState(item.id, item.route, item.departureDay, settings);
    const ratios = cross[s]!;
    for (let i = 0; i < item.days.length && item.days[i]! <= asOfDay; i += 1) {
      const ratio = ratios[i]!;
      addObservation(tables, state, item.days[i]!, item.prices[i]!, Number.isNaN(ratio) ? undefined : ratio);
    }
    if (item.departureDay < asOfDay) {
      finalizeSeries(tables, state);
    }
    return state;
  });
  return { tables, states };
}

export interface SeriesOutlook {
  forecast: PriceForecast;
  advice: BuyWaitAdvice;
}

export function forecastSeries(model: TrainedModel, state: PriceSeriesState): SeriesOutlook | undefined {
  if (state.prices.length === 0) {
    return undefined;
  }
  return { forecast: forecastPrice(model.tables, state), advice: adviseBuyOrWait(model.tables, state) };
}

/**
 * For every price, its ratio to the same route's other departures observed the same day
 * (see crossRatiosOfGroup); NaN where there are too few. Groups are built with a counting sort
 * on (route, day): this runs over every price of the history on each forecast run.
 */
export function computeCrossRatios(series: readonly TrainingSeries[], asOfDay: number): Float64Array[] {
  const ratios = series.map((item) => new Float64Array(item.days.length).fill(Number.NaN));
  const routeIndex = new Map<string, number>();
  const routeOf = new Int32Array(series.length);
  let firstDay = Infinity;
  let lastDay = -Infinity;
  series.forEach((item, s) => {
    let route = routeIndex.get(item.route);
    if (route === undefined) {
      route = routeIndex.size;
      routeIndex.set(item.route, route);
    }
    routeOf[s] = route;
    firstDay = Math.min(firstDay, item.days[0] ?? Infinity);
    lastDay = Math.max(lastDay, Math.min(asOfDay, item.days[item.days.length - 1] ?? -Infinity));
  });
  if (firstDay > lastDay) {
    return ratios;
  }
  const span = lastDay - firstDay + 1;
  const keyOf = (s: number, day: number) => routeOf[s]! * span + (day - firstDay);
  const starts = new Int32Array(routeIndex.size * span + 1);
  forEachPoint(series, asOfDay, (s, i) => {
    starts[keyOf(s, series[s]!.days[i]!) + 1]! += 1;
  });
  for (let k = 1; k < starts.length; k += 1) {
    starts[k]! += starts[k - 1]!;
  }
  const fill = starts.slice(0, -1);
  const refSeries = new Int32Array(starts[starts.length - 1]!);
  const refPoint = new Int32Array(refSeries.length);
  forEachPoint(series, asOfDay, (s, i) => {
    const slot = fill[keyOf(s, series[s]!.days[i]!)]!++;
    refSeries[slot] = s;
    refPoint[slot] = i;
  });
  for (let key = 0; key + 1 < starts.length; key += 1) {
    fillGroup(series, ratios, refSeries, refPoint, starts[key]!, starts[key + 1]!);
  }
  return ratios;
}

function forEachPoint(series: readonly TrainingSeries[], asOfDay: number, visit: (s: number, i: number) => void): void {
  series.forEach((item, s) => {
    for (let i = 0; i < item.days.length && item.days[i]! <= asOfDay; i += 1) {
      visit(s, i);
    }
  });
}

function fillGroup(
  series: readonly TrainingSeries[],
  ratios: Float64Array[],
  refSeries: Int32Array,
  refPoint: Int32Array,
  from: number,
  to: number,
): void {
  if (to - from < 3) {
    return;
  }
  const daysLeft = new Float64Array(to - from);
  const prices = new Float64Array(to - from);
  for (let k = from; k < to; k += 1) {
    const item = series[refSeries[k]!]!;
    daysLeft[k - from] = item.departureDay - item.days[refPoint[k]!]!;
    prices[k - from] = item.prices[refPoint[k]!]!;
  }
  const group = crossRatiosOfGroup(daysLeft, prices);
  for (let k = from; k < to; k += 1) {
    ratios[refSeries[k]!]![refPoint[k]!] = group[k - from]!;
  }
}
