import type { Fare } from './fare';
import { isBookable } from './itineraries';

/**
 * The cheapest bookable fare per group (a destination, a day), one per currency: amounts in
 * different currencies are never compared. Ties go to the earlier departure, then the flight id.
 */
export function cheapestBy(fares: Fare[], groupOf: (fare: Fare) => string): Fare[] {
  const best = new Map<string, Fare>();
  for (const fare of fares) {
    if (!isBookable(fare)) {
      continue;
    }
    const key = `${groupOf(fare)}|${fare.currency}`;
    const current = best.get(key);
    if (!current || isCheaper(fare, current)) {
      best.set(key, fare);
    }
  }
  return [...best.values()];
}

export function isCheaper(candidate: Fare, current: Fare): boolean {
  if (candidate.priceScaled !== current.priceScaled) {
    return candidate.priceScaled < current.priceScaled;
  }
  if (candidate.departureUtcMs !== current.departureUtcMs) {
    return candidate.departureUtcMs < current.departureUtcMs;
  }
  return `${candidate.flightId}|${candidate.cabin}` < `${current.flightId}|${current.cabin}`;
}

/** Orders by amount (then currency, then the group key) for a stable, price-ascending list. */
export function compareByPrice(a: Fare, b: Fare): number {
  if (a.priceScaled !== b.priceScaled) {
    return a.priceScaled < b.priceScaled ? -1 : 1;
  }
  return a.currency.localeCompare(b.currency) || (a === b ? 0 : isCheaper(a, b) ? -1 : 1);
}
