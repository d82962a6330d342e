import type { TtlCache } from '../cache/ttl-cache';
import type { Fare, FareReader } from '../domain/fare';

/** Bytes one fare retains on the heap, roughly (strings + numbers + object overhead). */
export const FARE_BYTES_ESTIMATE = 600;

/** Puts the partition reads behind the short-TTL coalescing cache: hubs shared by many searches load once. */
export function createCachedFareReader(reader: FareReader, cache: TtlCache<Fare[]>): FareReader {
  return {
    findRouteFares: (origin, destination, fromDate, toDate) =>
      cache.getOrLoad(`route|${origin}|${destination}|${fromDate}|${toDate}`, () =>
        reader.findRouteFares(origin, destination, fromDate, toDate),
      ),
    findOriginFares: (origin, date) =>
      cache.getOrLoad(`origin|${origin}|${date}`, () => reader.findOriginFares(origin, date)),
    findCheapestFares: (origin, fromDate, toDate) =>
      cache.getOrLoad(`cheapest|${origin}|${fromDate}|${toDate}`, () =>
        reader.findCheapestFares(origin, fromDate, toDate),
      ),
  };
}
