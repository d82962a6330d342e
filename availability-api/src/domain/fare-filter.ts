import type { Cabin } from '@fareflow/shared';

import type { Fare } from './fare';

/**
 * What a search asks of every leg and of the price. Every rule is decided leg by leg (or on a sum
 * of non-negative leg prices), so a partial itinerary that breaks one can be dropped as soon as it
 * does: applying the filter while building connections gives exactly the results that filtering
 * the finished list would, at a fraction of the work.
 */
export interface FareFilter {
  cabin?: Cabin;
  /** Include rule: every leg's carrier is in the set. */
  carriers?: ReadonlySet<string>;
  /** Exclude rule: no leg's carrier is in the set. */
  excludeCarriers?: ReadonlySet<string>;
  /** Only results in this currency. */
  currency?: string;
  /** Highest unit price (per passenger), scaled; compared within each result's own currency. */
  maxPriceScaled?: bigint;
  /** Seats needed on every leg (1-9). */
  passengers: number;
}

export const ANY_FARE: FareFilter = { passengers: 1 };

/** A leg may be part of a result: enough seats for the party, the cabin, currency and carriers asked for. */
export function isLegAllowed(fare: Fare, filter: FareFilter): boolean {
  return (
    fare.seatsAvailable >= Math.max(1, filter.passengers) &&
    (filter.cabin === undefined || fare.cabin === filter.cabin) &&
    (filter.currency === undefined || fare.currency === filter.currency) &&
    (filter.carriers === undefined || filter.carriers.has(fare.carrier)) &&
    (filter.excludeCarriers === undefined || !filter.excludeCarriers.has(fare.carrier))
  );
}

/** A (partial) sum of unit prices is still within `maxPrice`; prices are never negative, so a sum only grows. */
export const isWithinPrice = (priceScaled: bigint, filter: FareFilter): boolean =>
  filter.maxPriceScaled === undefined || priceScaled <= filter.maxPriceScaled;
