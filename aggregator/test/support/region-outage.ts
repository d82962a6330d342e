import { RetryableError } from '@fareflow/shared';
import { errors } from 'cassandra-driver';

import type { CurrentFare, CurrentFareStore, SeatChange } from '../../src/domain/ports';

/** Takes regions of a current-fare store down, as a datacenter outage does. */
export interface RegionOutage {
  /** Wraps the real store (pass as `wrapCurrent`). */
  wrap(real: CurrentFareStore): CurrentFareStore;
  /** Regions whose writes fail now. */
  down: Set<string>;
  /** Failed write calls per region (each retry of a held batch is one). */
  failures: Map<string, number>;
}

/**
 * Wraps the real store like the real adapter behaves when a datacenter is down: the items of the
 * regions that are up are written, then the call fails with what the driver raises when no node of
 * the region answers (an outage by `isOutage`), so the consumer holds the batch.
 */
export function createRegionOutage(): RegionOutage {
  const down = new Set<string>();
  const failures = new Map<string, number>();
  async function write<T extends CurrentFare | SeatChange>(
    items: readonly T[],
    writeReal: (healthy: readonly T[]) => Promise<void>,
  ): Promise<void> {
    const failed = items.filter((item) => down.has(item.region));
    await writeReal(items.filter((item) => !down.has(item.region)));
    const region = failed[0]?.region;
    if (region !== undefined) {
      failures.set(region, (failures.get(region) ?? 0) + 1);
      throw new RetryableError('CASSANDRA_WRITE_FAILED', `cassandra ${region}: all hosts down`, {
        cause: new errors.NoHostAvailableError({}),
      });
    }
  }
  return {
    down,
    failures,
    wrap: (real) => ({
      writeFares: (fares) => write(fares, (healthy) => real.writeFares(healthy)),
      writeSeats: (changes) => write(changes, (healthy) => real.writeSeats(healthy)),
    }),
  };
}
