/**
 * Settings of the price model. They are global (the same for every route): the model learns
 * each route's behaviour from data and is judged on routes it has never seen, so nothing here
 * may be tuned per route.
 */
export interface PriceModelSettings {
  /** Days before the observation the series' own reference prices are taken from. */
  lookbackDays: number;
  /** Longest horizon learned directly; longer paths are chained along the lead-time curve. */
  maxHorizonDays: number;
  /** Days-left values above this share one "far out" cell. */
  maxDaysLeft: number;
  /** Fewer samples than this in a cell: fall back to a coarser cell (or to "no change"). */
  minSamples: number;
  /** Wait horizons the buy/wait advice chooses from (days). */
  waitHorizonsDays: readonly number[];
  /** Penalty per unit of "waiting ended worse" probability when scoring a wait (risk aversion). */
  worseRatePenalty: number;
  /** A wait must promise at least this mean saving (fraction of today's price). */
  minWaitEdge: number;
  /** Never advise a wait whose historical worse-rate is above this. */
  maxWorseRate: number;
  /** Rise threshold of `riseProbability7d` (0.1 = a rise of more than 10 %). */
  riseThreshold: number;
  /** A price at least this many times the series' lowest earlier price counts as elevated. */
  elevatedRatio: number;
  /** An elevated price is waited on only while more days than this are left, and bought by then. */
  elevatedWaitUntilDaysLeft: number;
  /** A price at least this many times its same-day neighbour departures (the cross ratio) counts as a spike. */
  spikeCrossRatio: number;
  /** A spike is waited on for up to this many days, and only while more days than this are left. */
  spikeWaitDays: number;
}

export const defaultPriceModelSettings: PriceModelSettings = Object.freeze({
  lookbackDays: 14,
  maxHorizonDays: 60,
  maxDaysLeft: 90,
  minSamples: 200,
  waitHorizonsDays: Object.freeze([1, 2, 3, 5, 7, 10, 14, 21, 30]),
  worseRatePenalty: 0.1,
  minWaitEdge: 0,
  maxWorseRate: 0.5,
  riseThreshold: 0.1,
  elevatedRatio: 2,
  elevatedWaitUntilDaysLeft: 40,
  spikeCrossRatio: 3,
  spikeWaitDays: 14,
});

export const PRICE_MODEL_VERSION = 'lead-state-v3';
