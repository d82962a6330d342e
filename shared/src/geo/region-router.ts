import { parseFlightId } from '../domain/flight-id';
import { type Airport, findAirport } from './airports';
import { createRegionResolver, type RegionMapping, regionsOf } from './region-mapping';

/**
 * Which region's queue a producer sends a flight's messages to (routing key `<schema>.<region>`).
 * Unlike `RegionResolver`, it always answers: an airport the table does not know, or a flight id
 * that does not parse, goes to the mapping's default region, whose consumer refuses it with its
 * reason (UNKNOWN_AIRPORT, ...) instead of the message being published to no queue at all.
 * Producers and the aggregator must run with the same mapping; a message resolved differently by
 * the aggregator is dead-lettered as MISROUTED.
 */
export interface RegionRouter {
  /** Every region the mapping can give, sorted: the regional queues producers declare. */
  readonly regions: readonly string[];
  /** The region of an airport. */
  regionOfAirport: (iata: string) => string;
  /** The region of the flight's origin, read from its id (`LH400-2026-12-01-FRA-JFK` -> FRA). */
  regionOfFlight: RegionOfFlight;
}

/** The region of a flight's origin (the default region for what cannot be placed); see `RegionRouter`. */
export type RegionOfFlight = (flightId: string) => string;

export function createRegionRouter(
  mapping: RegionMapping,
  lookup: (iata: string) => Airport | undefined = findAirport,
): RegionRouter {
  const resolve = createRegionResolver(mapping, lookup);
  const regionOfAirport = (iata: string) => resolve(iata) ?? mapping.defaultRegion;
  return {
    regions: regionsOf(mapping),
    regionOfAirport,
    regionOfFlight: (flightId) => {
      const key = parseFlightId(flightId);
      return key ? regionOfAirport(key.origin) : mapping.defaultRegion;
    },
  };
}
