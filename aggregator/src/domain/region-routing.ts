import type { RegionResolver } from '@fareflow/shared';

import { RejectedMessageError } from './errors';

/** Picks the region (and so the Cassandra keyspace) of a flight from its origin airport. */
export interface RegionRouting {
  /**
   * Throws RejectedMessageError for an unknown airport, a flight of another region than the queue it
   * came through (MISROUTED), or a region with no Cassandra configured.
   */
  regionOf(airport: string, field: string): string;
  /** The same routing for the queue of one region: a flight of any other region there was misrouted. */
  forQueue(queueRegion: string): RegionRouting;
}

export function createRegionRouting(
  resolve: RegionResolver,
  configuredRegions: Iterable<string>,
  queueRegion?: string,
): RegionRouting {
  const regions = new Set(configuredRegions);
  return {
    regionOf(airport, field) {
      const region = resolve(airport);
      if (region === undefined) {
        throw new RejectedMessageError('UNKNOWN_AIRPORT', field, `airport ${airport} is not in the airport table`);
      }
      if (queueRegion !== undefined && region !== queueRegion) {
        // Storing it anyway would put one region's outage back into another's queue; its producer
        // resolved the region differently (another REGION_MAPPING) or published the wrong key.
        throw new RejectedMessageError(
          'MISROUTED',
          field,
          `airport ${airport} maps to region "${region}", but the message came through the queue of region "${queueRegion}"`,
        );
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
    forQueue: (region) => createRegionRouting(resolve, regions, region),
  };
}
