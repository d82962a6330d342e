import {
  actionKeyOf,
  histogramCell,
  LEVEL_SLOTS,
  type OutcomeTables,
  pathCellOf,
  pooledPathCell,
  recordActionOutcome,
} from './outcome-tables';
import { computeFeatures, type PriceSeriesState } from './price-series';
import { addLogSample, BIN_COUNT, BIN_WIDTH, LOG_MIN } from './ratio-histogram';

const MAX_WINDOW_DAYS = 7;

/**
 * Appends the price of `day` to a series and teaches the tables every outcome that this price
 * completes (earlier points' horizons, 7-day maxima, wait outcomes). Days must arrive in order;
 * a second price for the same day replaces nothing and is ignored (the caller keeps one per day).
 * Learning is causal: an outcome is recorded only once every price it depends on has arrived,
 * so a model fed up to day T knows nothing dated after T. With `learn` false the price only
 * updates the series' own state (to advise on it) and teaches the tables nothing: a held-out
 * series in a validation run.
 */
export function addObservation(
  tables: OutcomeTables,
  state: PriceSeriesState,
  day: number,
  price: number,
  crossRatio: number | undefined,
  learn = true,
): boolean {
  const lastDay = state.days[state.days.length - 1];
  if ((lastDay !== undefined && day <= lastDay) || !(price > 0)) {
    return false;
  }
  const features = computeFeatures(state, day, price, crossRatio, tables.settings);
  state.days.push(day);
  state.prices.push(price);
  state.logPrices.push(Math.log(price));
  state.scannedTo.push(state.days.length - 1);
  state.dropAt.push(-1);
  state.pathCells.push(pathCellOf(features, tables.settings));
  state.actionKeys.push(actionKeyOf(features));
  state.lastDirection = features.direction;
  state.lastCrossRatio = crossRatio;
  if (learn) {
    learnHorizons(tables, state, state.days.length - 1);
    resolveMax7(tables, state, day, false);
    resolveActions(tables, state, day, false);
  }
  return true;
}

/** The series will get no more prices (departed or no longer sold): record what is still pending. */
export function finalizeSeries(tables: OutcomeTables, state: PriceSeriesState): void {
  resolveMax7(tables, state, Infinity, true);
  resolveActions(tables, state, Infinity, true);
}

// The hot loop of a forecast run (every price pairs with up to maxHorizonDays earlier ones):
// histogram indexing is inlined and constants are local, which matters several-fold here.
const bins = BIN_COUNT;
const logMin = LOG_MIN;
const binsPerLog = 1 / BIN_WIDTH;
const levelSlots = LEVEL_SLOTS;

function learnHorizons(tables: OutcomeTables, state: PriceSeriesState, index: number): void {
  const { days, logPrices, pathCells } = state;
  const { counts, totals } = tables.path;
  const slots = tables.horizonSlots;
  const maxHorizon = tables.settings.maxHorizonDays;
  const day = days[index]!;
  const logPrice = logPrices[index]!;
  for (let i = index - 1; i >= 0; i -= 1) {
    const horizon = day - days[i]!;
    if (horizon > maxHorizon) {
      break;
    }
    let bin = Math.round((logPrice - logPrices[i]! - logMin) * binsPerLog);
    bin = bin < 0 ? 0 : bin >= bins ? bins - 1 : bin;
    const cell = pathCells[i]! * slots + horizon;
    const pooled = (pathCells[i]! - (pathCells[i]! % levelSlots)) * slots + horizon;
    counts[cell * bins + bin]! += 1;
    totals[cell]! += 1;
    counts[pooled * bins + bin]! += 1;
    totals[pooled]! += 1;
  }
}

function resolveMax7(tables: OutcomeTables, state: PriceSeriesState, asOfDay: number, isFinal: boolean): void {
  const { days, prices, pathCells } = state;
  const last = days.length - 1;
  while (state.nextMax7 < last || (isFinal && state.nextMax7 <= last)) {
    const i = state.nextMax7;
    const until = days[i]! + MAX_WINDOW_DAYS;
    if (!isFinal && asOfDay < until) {
      return;
    }
    let max = -Infinity;
    for (let m = i + 1; m <= last && days[m]! <= until; m += 1) {
      max = Math.max(max, prices[m]!);
    }
    if (max > 0) {
      const logRatio = Math.log(max / prices[i]!);
      addLogSample(tables.path, histogramCell(tables, pathCells[i]!, 0), logRatio);
      addLogSample(tables.path, histogramCell(tables, pooledPathCell(pathCells[i]!), 0), logRatio);
    }
    state.nextMax7 += 1;
  }
}

function resolveActions(tables: OutcomeTables, state: PriceSeriesState, asOfDay: number, isFinal: boolean): void {
  const horizons = tables.settings.waitHorizonsDays;
  const last = state.days.length - 1;
  for (let k = 0; k < horizons.length; k += 1) {
    const waitDays = horizons[k]!;
    while (state.nextAction[k]! < last || (isFinal && state.nextAction[k]! <= last)) {
      const i = state.nextAction[k]!;
      if (!isFinal && asOfDay < state.days[i]! + waitDays) {
        break;
      }
      const saving = waitOutcome(state, i, waitDays);
      if (saving !== undefined) {
        recordActionOutcome(tables, state.actionKeys[i]!, k, saving);
      }
      state.nextAction[k]! += 1;
    }
  }
}

/**
 * Saving (fraction of the price at `index`) of waiting up to `waitDays` for a lower price and
 * buying at once when it comes, else at the last price seen by the deadline. `undefined` when
 * no later price exists (nothing to learn). Horizons are asked in increasing order per point,
 * so the search for a lower price resumes where the previous horizon left it.
 */
export function waitOutcome(
  state: Pick<PriceSeriesState, 'days' | 'prices' | 'scannedTo' | 'dropAt'>,
  index: number,
  waitDays: number,
): number | undefined {
  const { days, prices } = state;
  const start = prices[index]!;
  const deadline = days[index]! + waitDays;
  let drop = state.dropAt[index]!;
  let scanned = state.scannedTo[index]!;
  while (drop < 0 && scanned + 1 < days.length && days[scanned + 1]! <= deadline) {
    scanned += 1;
    if (prices[scanned]! < start) {
      drop = scanned;
    }
  }
  state.scannedTo[index] = scanned;
  state.dropAt[index] = drop;
  if (drop >= 0 && days[drop]! <= deadline) {
    return (start - prices[drop]!) / start;
  }
  return scanned === index ? undefined : (start - prices[scanned]!) / start;
}
