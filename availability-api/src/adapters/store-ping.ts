import type { ReadinessCheck, RegionStore } from '@fareflow/shared';

import type { StoreGuard } from './store-guard';

/** `/readyz` probe: the local datacenter answers a trivial query, and our keyspace exists. */
export function createStorePing(store: RegionStore, guard: StoreGuard): ReadinessCheck {
  return async () => {
    const result = await guard('ping', () =>
      store.client.execute('SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?', [
        store.keyspace,
      ]),
    );
    if (result.rowLength === 0) {
      throw new Error(`keyspace ${store.keyspace} does not exist`);
    }
  };
}
