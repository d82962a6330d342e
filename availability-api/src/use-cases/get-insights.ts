import { cheapestBy, compareByPrice } from '../domain/cheapest';
import type { Fare, FareReader, InsightReader, PriceInsight } from '../domain/fare';
import { labelPrice, type PriceLabel } from '../domain/price-label';

export interface InsightQuery {
  origin: string;
  destination: string;
  date: string;
}

export interface InsightResult {
  insight?: PriceInsight;
  /** Today's cheapest bookable fare of the route and day (in the band's currency when there is a band). */
  currentFare?: Fare;
  label?: PriceLabel;
}

/** The predictor's band and forecast for a route and day, and where today's cheapest fare sits in the band. */
export function createGetInsights(deps: {
  fares: FareReader;
  insights: InsightReader;
}): (query: InsightQuery) => Promise<InsightResult> {
  return async ({ origin, destination, date }) => {
    const [insight, fares] = await Promise.all([
      deps.insights.findInsight(origin, destination, date),
      deps.fares.findRouteFares(origin, destination, date, date),
    ]);
    const candidates = cheapestBy(fares, () => date)
      .filter((fare) => !insight?.band || fare.currency === insight.currency)
      .sort(compareByPrice);
    const currentFare = candidates[0];
    const label = currentFare && insight?.band ? labelPrice(currentFare.price, insight.band) : undefined;
    return { insight, currentFare, label };
  };
}
