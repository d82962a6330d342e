import type { Itinerary } from './fare';

export const fareSorts = ['price', 'duration', 'departure', 'arrival'] as const;
export type FareSort = (typeof fareSorts)[number];

/**
 * The total order of a result list: the sort's own keys, then the unique `id|cabin`, so that
 * keyset paging neither skips nor repeats an item, even when several share a price.
 */
export type SortKey = [string, string, string];

const pad = (value: bigint | number, width: number) => value.toString().padStart(width, '0');

/**
 * Fixed-width strings compare like the numbers they encode (prices are non-negative and
 * scaled by 10^6; times are epoch milliseconds), so one string comparison orders everything.
 */
export function sortKeyOf(itinerary: Itinerary, sort: FareSort): SortKey {
  const identity = `${itinerary.id}|${itinerary.cabin}`;
  const price = `${itinerary.currency}${pad(itinerary.priceScaled, 24)}`;
  const departure = pad(itinerary.departureUtcMs, 16);
  switch (sort) {
    case 'price':
      return [price, departure, identity];
    case 'duration':
      return [pad(itinerary.durationMinutes, 8), price, identity];
    case 'departure':
      return [departure, price, identity];
    case 'arrival':
      return [pad(itinerary.arrivalUtcMs, 16), price, identity];
  }
}

export function compareSortKeys(a: SortKey, b: SortKey): number {
  for (let index = 0; index < a.length; index += 1) {
    const [left, right] = [a[index] ?? '', b[index] ?? ''];
    if (left !== right) {
      return left < right ? -1 : 1;
    }
  }
  return 0;
}

export interface KeyedItinerary {
  itinerary: Itinerary;
  key: SortKey;
}

export function orderItineraries(itineraries: Itinerary[], sort: FareSort): KeyedItinerary[] {
  return itineraries
    .map((itinerary) => ({ itinerary, key: sortKeyOf(itinerary, sort) }))
    .sort((a, b) => compareSortKeys(a.key, b.key));
}

export interface Page {
  items: Itinerary[];
  /** Key of the last item when more follow; the next page starts strictly after it. */
  nextAfter?: SortKey;
}

/** The `limit` items strictly after `after` (from the start when absent). */
export function pageAfter(ordered: KeyedItinerary[], limit: number, after?: SortKey): Page {
  let start = 0;
  if (after) {
    let [low, high] = [0, ordered.length];
    while (low < high) {
      const middle = (low + high) >>> 1;
      const candidate = ordered[middle];
      if (candidate && compareSortKeys(candidate.key, after) <= 0) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    start = low;
  }
  const slice = ordered.slice(start, start + limit);
  const last = slice[slice.length - 1];
  const hasMore = start + limit < ordered.length;
  return { items: slice.map((entry) => entry.itinerary), nextAfter: hasMore && last ? last.key : undefined };
}
