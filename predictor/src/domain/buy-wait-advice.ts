import { elevatedPriceWait } from './elevated-wait';
import { actionStats, type OutcomeTables } from './outcome-tables';
import type { PriceSeriesState } from './price-series';
import { spikePriceWait } from './spike-wait';

export type AdviceAction = 'BUY' | 'WAIT';

export interface BuyWaitAdvice {
  action: AdviceAction;
  /** 0..1: for WAIT the share of similar past waits that did not end worse; for BUY the share that would not have gained. */
  confidence: number;
  /** WAIT only: buy as soon as the price falls below `targetPrice`, and by `waitUntilDay` at the latest. */
  targetPrice?: number;
  waitUntilDay?: number;
  /** Mean saving of the chosen wait in similar past states (fraction of today's price). */
  expectedSaving: number;
  samples: number;
  reason: string;
}

/**
 * Buy now, or wait up to K days for a lower price? A price far above the same route's
 * neighbouring departures observed today is a spike and is waited on (see `spikePriceWait`).
 * Otherwise, for the series' current state, the model has learned what waiting K days did in
 * every similar state before (mean saving, how often it ended worse). It picks the K with the
 * best risk-penalised saving and advises WAIT only when that is clearly positive, rarely worse,
 * and backed by enough samples. Otherwise it still advises WAIT on a price far above the
 * series' own lowest while departure is far (see `elevatedPriceWait`), else BUY. A wait never
 * reaches past departure.
 */
export function adviseBuyOrWait(tables: OutcomeTables, state: PriceSeriesState): BuyWaitAdvice {
  const settings = tables.settings;
  const last = state.prices.length - 1;
  const price = state.prices[last]!;
  const day = state.days[last]!;
  const daysLeft = state.departureDay - day;
  const key = state.actionKeys[last]!;
  const spike = spikeAdvice(tables, state);
  if (spike) {
    return spike;
  }
  let best: { index: number; score: number } | undefined;
  let bestBetterRate = 0;
  let samples = 0;
  settings.waitHorizonsDays.forEach((waitDays, index) => {
    const stats = actionStats(tables, key, index);
    if (stats.count < settings.minSamples || waitDays >= daysLeft) {
      return;
    }
    samples = Math.max(samples, stats.count);
    bestBetterRate = Math.max(bestBetterRate, stats.betterRate);
    const score = stats.meanSaving - settings.worseRatePenalty * stats.worseRate;
    if (score > settings.minWaitEdge && stats.worseRate <= settings.maxWorseRate && (!best || score > best.score)) {
      best = { index, score };
    }
  });
  if (!best) {
    const elevated = elevatedAdvice(tables, state);
    if (elevated) {
      return elevated;
    }
    return {
      action: 'BUY',
      confidence: samples === 0 ? 0.5 : 1 - bestBetterRate,
      expectedSaving: 0,
      samples,
      reason:
        samples === 0
          ? 'not enough similar history: buy at the known price'
          : 'waiting rarely paid off in similar states',
    };
  }
  const waitDays = settings.waitHorizonsDays[best.index]!;
  const stats = actionStats(tables, key, best.index);
  return {
    action: 'WAIT',
    confidence: 1 - stats.worseRate,
    targetPrice: price,
    waitUntilDay: day + waitDays,
    expectedSaving: stats.meanSaving,
    samples: stats.count,
    reason: `in ${stats.count} similar states a wait of up to ${waitDays} days saved ${(100 * stats.meanSaving).toFixed(1)} % on average`,
  };
}

/** WAIT on a price far above its same-day neighbour departures (see `spikePriceWait`). */
function spikeAdvice(tables: OutcomeTables, state: PriceSeriesState): BuyWaitAdvice | undefined {
  const wait = spikePriceWait(state, tables.settings);
  return wait
    ? ruleAdvice(
        tables,
        state,
        wait,
        `price is ${wait.crossRatio.toFixed(1)}x the same route's neighbouring departures today: wait for it to come back down`,
      )
    : undefined;
}

/** WAIT on an elevated price (see `elevatedPriceWait`). */
function elevatedAdvice(tables: OutcomeTables, state: PriceSeriesState): BuyWaitAdvice | undefined {
  const wait = elevatedPriceWait(state, tables.settings);
  return wait
    ? ruleAdvice(
        tables,
        state,
        wait,
        `price is ${wait.ratioToLowest.toFixed(1)}x the lowest seen for this departure, far from departure: wait for it to come back down`,
      )
    : undefined;
}

/** A rule's WAIT; its confidence is the learned not-worse rate of the nearest wait horizon in this state. */
function ruleAdvice(
  tables: OutcomeTables,
  state: PriceSeriesState,
  wait: { targetPrice: number; waitUntilDay: number },
  reason: string,
): BuyWaitAdvice {
  const last = state.prices.length - 1;
  const waitDays = wait.waitUntilDay - state.days[last]!;
  const horizons = tables.settings.waitHorizonsDays;
  let nearest = 0;
  horizons.forEach((days, index) => {
    if (Math.abs(days - waitDays) < Math.abs(horizons[nearest]! - waitDays)) {
      nearest = index;
    }
  });
  const stats = actionStats(tables, state.actionKeys[last]!, nearest);
  const known = stats.count >= tables.settings.minSamples;
  return {
    action: 'WAIT',
    confidence: known ? 1 - stats.worseRate : 0.5,
    targetPrice: wait.targetPrice,
    waitUntilDay: wait.waitUntilDay,
    expectedSaving: known ? stats.meanSaving : 0,
    samples: stats.count,
    reason,
  };
}
