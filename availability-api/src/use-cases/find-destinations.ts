import { toScaled } from '@fareflow/shared';

import { cheapestBy, compareByPrice } from '../domain/cheapest';
import type { Fare, FareReader } from '../domain/fare';

export interface DestinationQuery {
  origin: string;
  from: string;
  to: string;
  maxPrice?: string;
  limit: number;
}

/** Where one can fly from `origin` between two days: the cheapest bookable fare per destination, cheapest first. */
export function createFindDestinations(fares: FareReader): (query: DestinationQuery) => Promise<Fare[]> {
  return async (query) => {
    // One small row per destination and day: the store keeps each day's cheapest (the min of the mins is the min).
    const cheapestPerDay = await fares.findCheapestFares(query.origin, query.from, query.to);
    const maxScaled = query.maxPrice === undefined ? undefined : toScaled(query.maxPrice);
    const affordable = cheapestPerDay.filter(
      (fare) => fare.destination !== query.origin && (maxScaled === undefined || fare.priceScaled <= maxScaled),
    );
    return cheapestBy(affordable, (fare) => fare.destination)
      .sort(compareByPrice)
      .slice(0, query.limit);
  };
}
