import { Gauge, type Registry } from 'prom-client';

import type { TtlCache } from '../cache/ttl-cache';

/** Exposes each cache's counters (hits, misses, coalesced loads, evictions, entries, bytes) at scrape time. */
export function registerCacheMetrics(registry: Registry, caches: Record<string, TtlCache<unknown>>): void {
  const stats = ['hits', 'misses', 'coalesced', 'evictions', 'entries', 'bytes'] as const;
  new Gauge({
    name: 'availability_cache',
    help: 'in-process cache counters by cache and statistic',
    labelNames: ['cache', 'stat'],
    registers: [registry],
    collect() {
      for (const [name, cache] of Object.entries(caches)) {
        for (const stat of stats) {
          this.set({ cache: name, stat }, cache.stats[stat]);
        }
      }
    },
  });
}
