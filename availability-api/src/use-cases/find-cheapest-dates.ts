import { cheapestBy, compareByPrice } from '../domain/cheapest';
import type { Fare, FareReader } from '../domain/fare';

export interface DatesQuery {
  origin: string;
  destination: string;
  from: string;
  to: string;
}

/** The cheapest bookable fare per departure day of a route, by day. Days without fares are left out. */
export function createFindCheapestDates(fares: FareReader): (query: DatesQuery) => Promise<Fare[]> {
  return async (query) => {
    const all = await fares.findRouteFares(query.origin, query.destination, query.from, query.to);
    return cheapestBy(all, (fare) => fare.departureDate).sort(
      (a, b) => a.departureDate.localeCompare(b.departureDate) || compareByPrice(a, b),
    );
  };
}
