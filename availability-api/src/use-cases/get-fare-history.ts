import { type Cabin, salesStateAt } from '@fareflow/shared';

import { type FareHistoryReader, type HistorySeries, summarizeFareHistory } from '../domain/fare-history';
import type { InsightQuery, InsightResult } from './get-insights';

export interface FareHistoryQuery {
  origin: string;
  destination: string;
  date: string;
  cabin?: Cabin;
}

export interface FareHistoryResult {
  series: HistorySeries[];
  /** What `/v1/insights` answers for the route and day; undefined once the day is over everywhere. */
  insight?: InsightResult;
}

export interface GetFareHistoryDeps {
  history: FareHistoryReader;
  getInsights: (query: InsightQuery) => Promise<InsightResult>;
  now: () => number;
  /** Sales close this long before departure (SALES_CUTOFF_MINUTES). */
  cutoffMs: number;
}

/** The last instant of a local day anywhere (UTC-12). */
const dayOverAtMs = (date: string) => Date.parse(`${date}T00:00:00Z`) + 36 * 3_600_000;

/**
 * A departure's price history with the predictor's band and advice beside it. Flights that can no
 * longer be sold are left out like on every read of the API, so a departed day has empty series
 * (200, not 404: the route and day are valid, there is simply nothing on sale to chart) and no insight.
 */
export function createGetFareHistory(
  deps: GetFareHistoryDeps,
): (query: FareHistoryQuery) => Promise<FareHistoryResult> {
  return async (query) => {
    const nowMs = deps.now();
    if (nowMs >= dayOverAtMs(query.date)) {
      return { series: [] };
    }
    const [rows, insight] = await Promise.all([
      deps.history.findFareHistory(query.origin, query.destination, query.date, query.cabin),
      deps.getInsights({ origin: query.origin, destination: query.destination, date: query.date }),
    ]);
    const isOnSale = (row: { departureUtc: string }) =>
      salesStateAt(Date.parse(row.departureUtc), nowMs, deps.cutoffMs) === 'open';
    return { series: summarizeFareHistory(rows, isOnSale), insight };
  };
}
