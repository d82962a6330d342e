import { type Cabin, type FareHistoryRow, fromScaled, toScaled } from '@fareflow/shared';

/**
 * How the fares of a route and departure day moved: the rows the aggregator keeps in
 * `fare_history_by_route_day` (each flight's last fare per cabin and UTC observation day).
 * Implementations fail with RetryableError when the store is down.
 */
export interface FareHistoryReader {
  /** Every row of one departure (one cabin when given), in any order. */
  findFareHistory(origin: string, destination: string, date: string, cabin?: Cabin): Promise<FareHistoryRow[]>;
}

export interface HistoryDay {
  observedOn: string;
  low: string;
  median: string;
  high: string;
  /** Flights with a bookable fare at the end of that day. */
  flights: number;
}

export interface FlightHistory {
  flightId: string;
  points: { observedOn: string; price: string }[];
}

/** One cabin in one currency. */
export interface HistorySeries {
  cabin: Cabin;
  currency: string;
  days: HistoryDay[];
  flights: FlightHistory[];
}

const CABIN_ORDER: readonly Cabin[] = ['ECONOMY', 'PREMIUM_ECONOMY', 'BUSINESS', 'FIRST'];

/**
 * The series of a departure from its rows: one per cabin and currency (cabins in travel order), days
 * ascending with the lowest, median and highest fare of the flights that day, and each flight's
 * points. Only fares that could be bought count: a row sold out at the end of its day is left out,
 * and so are flights `isOnSale` refuses (departed or inside the sales cut-off), as on every read of
 * the API. Money stays exact: the median of an even count is the mean of the two middle fares, in
 * scaled integers (cents stay cents; half a cent shows as "150.005").
 */
export function summarizeFareHistory(
  rows: readonly FareHistoryRow[],
  isOnSale: (row: FareHistoryRow) => boolean,
): HistorySeries[] {
  const groups = groupBy(
    rows.filter((row) => row.seatsAvailable > 0 && isOnSale(row)),
    (row) => `${row.cabin}|${row.currency}`,
  );
  return [...groups.values()]
    .map((group): HistorySeries => {
      const first = group[0] as FareHistoryRow;
      return { cabin: first.cabin, currency: first.currency, days: daysOf(group), flights: flightsOf(group) };
    })
    .sort(
      (a, b) =>
        CABIN_ORDER.indexOf(a.cabin) - CABIN_ORDER.indexOf(b.cabin) ||
        (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0),
    );
}

function daysOf(rows: readonly FareHistoryRow[]): HistoryDay[] {
  return [...groupBy(rows, (row) => row.observedOn)]
    .sort(([a], [b]) => compareText(a, b))
    .map(([observedOn, dayRows]) => {
      const prices = dayRows.map((row) => toScaled(row.price)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      return {
        observedOn,
        low: fromScaled(prices[0] ?? 0n),
        median: fromScaled(medianOf(prices)),
        high: fromScaled(prices[prices.length - 1] ?? 0n),
        flights: new Set(dayRows.map((row) => row.flightId)).size,
      };
    });
}

function flightsOf(rows: readonly FareHistoryRow[]): FlightHistory[] {
  return [...groupBy(rows, (row) => row.flightId)]
    .sort(([a], [b]) => compareText(a, b))
    .map(([flightId, flightRows]) => ({
      flightId,
      points: [...flightRows]
        .sort((a, b) => compareText(a.observedOn, b.observedOn))
        .map((row) => ({ observedOn: row.observedOn, price: fromScaled(toScaled(row.price)) })),
    }));
}

/** Median of sorted scaled amounts (not empty). */
export function medianOf(sorted: readonly bigint[]): bigint {
  const middle = Math.floor(sorted.length / 2);
  const upper = sorted[middle] ?? 0n;
  return sorted.length % 2 === 1 ? upper : ((sorted[middle - 1] ?? 0n) + upper) / 2n;
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) {
      group.push(item);
    } else {
      groups.set(key, [item]);
    }
  }
  return groups;
}
