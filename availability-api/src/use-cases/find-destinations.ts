import { toScaled } from '@fareflow/shared';

import { eachDay } from '../domain/calendar';
import { cheapestBy, compareByPrice } from '../domain/cheapest';
import type { Fare, FareReader } from '../domain/fare';
import { mapLimit } from './map-limit';

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
    const days = await mapLimit(eachDay(query.from, query.to), 8, (day) => fares.findOriginFares(query.origin, day));
    const maxScaled = query.maxPrice === undefined ? undefined : toScaled(query.maxPrice);
    const affordable = days
      .flat()
      .filter(
        (fare) => fare.destination !== query.origin && (maxScaled === undefined || fare.priceScaled <= maxScaled),
      );
    return cheapestBy(affordable, (fare) => fare.destination)
      .sort(compareByPrice)
      .slice(0, query.limit);
  };
}
