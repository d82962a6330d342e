import type { RegionResolver } from '@fareflow/shared';

import { RejectedMessageError } from './errors';

/** Picks the region (and so the Cassandra keyspace) of a flight from its origin airport. */
export interface RegionRouting {
  /** Throws RejectedMessageError for an unknown airport or a region with no Cassandra configured. */
  regionOf(airport: string, field: string): string;
}

export function createRegionRouting(resolve: RegionResolver, configuredRegions: Iterable<string>): RegionRouting {
  const regions = new Set(configuredRegions);
  return {
    regionOf(airport, field) {
      const region = resolve(airport);
      if (region === undefined) {
        throw new RejectedMessageError('UNKNOWN_AIRPORT', field, `airport ${airport} is not in the airport table`);
      }
      if (!regions.has(region)) {
        throw new RejectedMessageError(
          'REGION_NOT_CONFIGURED',
          field,
          `airport ${airport} maps to region "${region}", which has no Cassandra configured`,
        );
      }
      return region;
    },
  };
}
