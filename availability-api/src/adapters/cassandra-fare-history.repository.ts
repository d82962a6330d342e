import {
  decodeFareHistoryRow,
  type FareHistoryRow,
  type Logger,
  type RegionStore,
  selectFareHistoryCql,
} from '@fareflow/shared';
import { types } from 'cassandra-driver';

import type { FareHistoryReader } from '../domain/fare-history';
import type { StoreGuard } from './store-guard';

const FETCH_SIZE = 5_000;

/**
 * Reads one departure's partition of `fare_history_by_route_day` (aggregator/cql/004_fare_history.cql):
 * flights x cabins x observation days, about a thousand rows for 60 days, paged. Incomplete rows
 * are skipped, never a 500.
 */
export function createCassandraFareHistoryReader(
  store: RegionStore,
  guard: StoreGuard,
  logger: Logger,
): FareHistoryReader {
  const { client, keyspace } = store;
  const allCabinsCql = selectFareHistoryCql(keyspace, false);
  const oneCabinCql = selectFareHistoryCql(keyspace, true);

  return {
    findFareHistory: (origin, destination, date, cabin) =>
      guard('findFareHistory', async () => {
        const key = { origin, destination, departureDate: date };
        const cql = cabin ? oneCabinCql : allCabinsCql;
        const params: unknown[] = [origin, destination, types.LocalDate.fromString(date), ...(cabin ? [cabin] : [])];
        const rows: FareHistoryRow[] = [];
        let pageState: string | undefined;
        do {
          const result = await client.execute(cql, params, {
            prepare: true,
            fetchSize: FETCH_SIZE,
            ...(pageState ? { pageState } : {}),
          });
          for (const row of result.rows) {
            const decoded = decodeFareHistoryRow(key, row);
            if (decoded) {
              rows.push(decoded);
            } else {
              logger.debug({ flightId: row['flight_id'] as unknown }, 'skipped incomplete history row');
            }
          }
          pageState = result.pageState ?? undefined;
        } while (pageState);
        return rows;
      }),
  };
}
