import type { PanelSeries } from './panel-parser';
import type { PointDecision } from './walk-forward';

/** Which observation a traveler who starts at `start` ends up buying at. */
export type PurchaseRule = (series: PanelSeries, start: number) => number;

export interface StrategyFigures {
  scenarios: number;
  captured_share: number;
  mean_saving_pct: number;
  no_worse_rate: number;
  regret_vs_random: number;
}

interface Totals {
  scenarios: number;
  captured: number;
  possible: number;
  saving: number;
  noWorse: number;
  regret: number;
  randomRegret: number;
}

/**
 * Scores a purchase rule over every scenario (a series and a start observation inside the
 * window). Prices are divided by the start price, so every scenario weighs the same.
 * - captured_share = sum(start - paid) / sum(start - lowest still to come)
 * - mean_saving_pct = mean of (start - paid) / start, in percent
 * - no_worse_rate = share of scenarios paying at most the start price
 * - regret_vs_random = sum(paid - lowest) / sum(mean price over the window - lowest)
 */
export function scoreStrategy(
  series: PanelSeries[],
  isStart: (s: PanelSeries, i: number) => boolean,
  rule: PurchaseRule,
): StrategyFigures {
  const totals: Totals = { scenarios: 0, captured: 0, possible: 0, saving: 0, noWorse: 0, regret: 0, randomRegret: 0 };
  for (const item of series) {
    const { prices } = item;
    // Suffix minimum and sum, so each scenario's "still to come" figures are O(1).
    const suffixMin = new Array<number>(prices.length);
    const suffixSum = new Array<number>(prices.length);
    for (let i = prices.length - 1; i >= 0; i -= 1) {
      suffixMin[i] = Math.min(prices[i]!, suffixMin[i + 1] ?? Infinity);
      suffixSum[i] = prices[i]! + (suffixSum[i + 1] ?? 0);
    }
    for (let start = 0; start < prices.length; start += 1) {
      if (!isStart(item, start)) {
        continue;
      }
      const startPrice = prices[start]!;
      const paid = prices[rule(item, start)]!;
      const lowest = suffixMin[start]!;
      const mean = suffixSum[start]! / (prices.length - start);
      totals.scenarios += 1;
      totals.captured += (startPrice - paid) / startPrice;
      totals.possible += (startPrice - lowest) / startPrice;
      totals.saving += (startPrice - paid) / startPrice;
      totals.noWorse += paid <= startPrice ? 1 : 0;
      totals.regret += (paid - lowest) / startPrice;
      totals.randomRegret += (mean - lowest) / startPrice;
    }
  }
  return {
    scenarios: totals.scenarios,
    captured_share: ratio(totals.captured, totals.possible),
    mean_saving_pct: ratio(100 * totals.saving, totals.scenarios),
    no_worse_rate: ratio(totals.noWorse, totals.scenarios),
    regret_vs_random: ratio(totals.regret, totals.randomRegret),
  };
}

function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : round(numerator / denominator);
}

export function round(value: number, digits = 4): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** Follows the model's plan made at the start: buy now, or wait for a price below the target until the deadline. */
export function followAdvice(
  decisions: (PointDecision | undefined)[][],
  indexOf: Map<PanelSeries, number>,
): PurchaseRule {
  return (item, start) => {
    const decision = decisions[indexOf.get(item)!]?.[start];
    if (!decision?.waitUntilDay || decision.targetPrice === undefined) {
      return start;
    }
    let chosen = start;
    for (let m = start + 1; m < item.days.length && item.days[m]! <= decision.waitUntilDay; m += 1) {
      chosen = m;
      if (item.prices[m]! < decision.targetPrice) {
        break;
      }
    }
    return chosen;
  };
}

export const buyAtStart: PurchaseRule = (_item, start) => start;

/** Waits until the first observation with at most `daysLeft` days left (or the last one). */
export function waitUntilDaysLeft(daysLeft: number): PurchaseRule {
  return (item, start) => {
    for (let m = start; m < item.days.length; m += 1) {
      if (item.departureDay - item.days[m]! <= daysLeft) {
        return m;
      }
    }
    return item.days.length - 1;
  };
}

/**
 * Not a strategy but a yardstick: it reads the future. Asked every day, it waits while a price
 * below today's is observed within the next `days` days, so it never pays more than the start.
 * Its captured_share is what perfect foresight over that horizon is worth on the panel.
 */
export function withForesight(days: number): PurchaseRule {
  const lowerPriceAhead = (item: PanelSeries, index: number): boolean => {
    for (let m = index + 1; m < item.days.length && item.days[m]! - item.days[index]! <= days; m += 1) {
      if (item.prices[m]! < item.prices[index]!) {
        return true;
      }
    }
    return false;
  };
  return (item, start) => {
    let chosen = start;
    while (lowerPriceAhead(item, chosen)) {
      chosen += 1;
    }
    return chosen;
  };
}

export interface MapeFigures {
  mape_7d: number;
  mape_7d_naive: number;
  samples: number;
}

/** MAPE of the 7-day-ahead point forecasts against the price observed exactly 7 days later, beside the last-price forecast. */
export function scoreForecasts(series: PanelSeries[], decisions: (PointDecision | undefined)[][]): MapeFigures {
  let model = 0;
  let naive = 0;
  let samples = 0;
  series.forEach((item, s) => {
    const dayIndex = new Map(item.days.map((day, index) => [day, index]));
    item.days.forEach((day, i) => {
      const forecast = decisions[s]?.[i]?.forecast7d;
      const target = dayIndex.get(day + 7);
      if (forecast === undefined || target === undefined) {
        return;
      }
      const actual = item.prices[target]!;
      model += Math.abs(forecast - actual) / actual;
      naive += Math.abs(item.prices[i]! - actual) / actual;
      samples += 1;
    });
  });
  return { mape_7d: ratio(model, samples), mape_7d_naive: ratio(naive, samples), samples };
}
