import { salesStateAt } from '@fareflow/shared';

import { cheapestBy } from '../domain/cheapest';
import type { Fare, FareReader } from '../domain/fare';

export interface SalesWindow {
  /** The clock (ms epoch); injectable so tests can stand anywhere in time. */
  now: () => number;
  /** Sales close this long before departure (SALES_CUTOFF_MINUTES). */
  cutoffMs: number;
}

/**
 * Leaves out every fare that can no longer be sold: departed, or inside the sales cut-off. It sits
 * in front of every read of the API (after the cache, so a cached partition never outlives its
 * departure), which is how fares, connections, destinations, dates, insights and the stream all
 * offer only what the order service will accept. The store forgets departed flights on its own
 * (rows carry a TTL); this filter covers the hours between the cut-off and that TTL.
 */
export function createSellableFareReader(reader: FareReader, window: SalesWindow): FareReader {
  const isSellable = (fare: Fare, nowMs: number) =>
    salesStateAt(fare.departureUtcMs, nowMs, window.cutoffMs) === 'open';
  const keepSellable = (fares: Fare[]): Fare[] => {
    const nowMs = window.now();
    return fares.every((fare) => isSellable(fare, nowMs)) ? fares : fares.filter((fare) => isSellable(fare, nowMs));
  };

  return {
    findRouteFares: async (origin, destination, fromDate, toDate) =>
      keepSellable(await reader.findRouteFares(origin, destination, fromDate, toDate)),
    findOriginFares: async (origin, date) => keepSellable(await reader.findOriginFares(origin, date)),
    async findCheapestFares(origin, fromDate, toDate) {
      const cheapest = await reader.findCheapestFares(origin, fromDate, toDate);
      const nowMs = window.now();
      const closedDays = new Set(cheapest.filter((fare) => !isSellable(fare, nowMs)).map((fare) => fare.departureDate));
      if (closedDays.size === 0) {
        return cheapest;
      }
      // The stored cheapest of a day may be a flight whose sales closed while later flights of that
      // day are still on sale: for those days (today, mostly), the cheapest is taken again from the
      // day's sellable fares.
      const recomputed = await Promise.all(
        [...closedDays].map(async (day) =>
          cheapestBy(keepSellable(await reader.findOriginFares(origin, day)), (fare) => fare.destination),
        ),
      );
      return [...cheapest.filter((fare) => !closedDays.has(fare.departureDate)), ...recomputed.flat()];
    },
  };
}
