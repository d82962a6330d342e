/**
 * A short-TTL, size-bounded, in-process cache with request coalescing: concurrent misses of one
 * key share a single load (a singleflight), so a hot key costs one store query per TTL whatever
 * the request rate. Eviction is least-recently-used, by entry count and by estimated bytes.
 * Failed loads are not cached. Out of scope: sharing across processes.
 */
export interface TtlCache<V> {
  getOrLoad(key: string, load: () => Promise<V>): Promise<V>;
  /** The cached value when fresh, without loading (lets the hot path stay synchronous). */
  peek(key: string): V | undefined;
  readonly stats: CacheStats;
  clear(): void;
}

export interface CacheStats {
  hits: number;
  misses: number;
  coalesced: number;
  evictions: number;
  entries: number;
  bytes: number;
}

export interface TtlCacheOptions<V> {
  ttlMs: number;
  maxEntries: number;
  maxBytes: number;
  /** Estimated retained size of a value, in bytes. */
  sizeOf: (value: V) => number;
  now?: () => number;
}

interface Entry<V> {
  value: V;
  bytes: number;
  expiresAt: number;
}

export function createTtlCache<V>(options: TtlCacheOptions<V>): TtlCache<V> {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry<V>>();
  const inFlight = new Map<string, Promise<V>>();
  const stats: CacheStats = { hits: 0, misses: 0, coalesced: 0, evictions: 0, entries: 0, bytes: 0 };

  const remove = (key: string, entry: Entry<V>) => {
    entries.delete(key);
    stats.bytes -= entry.bytes;
  };

  const store = (key: string, value: V) => {
    const bytes = options.sizeOf(value) + key.length * 2;
    if (bytes > options.maxBytes) {
      return;
    }
    const previous = entries.get(key);
    if (previous) {
      remove(key, previous);
    }
    entries.set(key, { value, bytes, expiresAt: now() + options.ttlMs });
    stats.bytes += bytes;
    for (const [oldestKey, oldest] of entries) {
      if (entries.size <= options.maxEntries && stats.bytes <= options.maxBytes) {
        break;
      }
      remove(oldestKey, oldest);
      stats.evictions += 1;
    }
    stats.entries = entries.size;
  };

  const peek = (key: string): V | undefined => {
    const entry = entries.get(key);
    if (!entry) {
      return undefined;
    }
    if (entry.expiresAt <= now()) {
      remove(key, entry);
      stats.entries = entries.size;
      return undefined;
    }
    // Re-insert: Map iteration order is insertion order, so the front is the least recently used.
    entries.delete(key);
    entries.set(key, entry);
    return entry.value;
  };

  return {
    stats,
    peek(key) {
      const value = peek(key);
      if (value !== undefined) {
        stats.hits += 1;
      }
      return value;
    },
    getOrLoad(key, load) {
      const value = peek(key);
      if (value !== undefined) {
        stats.hits += 1;
        return Promise.resolve(value);
      }
      const pending = inFlight.get(key);
      if (pending) {
        stats.coalesced += 1;
        return pending;
      }
      stats.misses += 1;
      const loading = load()
        .then((loaded) => {
          store(key, loaded);
          return loaded;
        })
        .finally(() => inFlight.delete(key));
      inFlight.set(key, loading);
      return loading;
    },
    clear() {
      entries.clear();
      stats.bytes = 0;
      stats.entries = 0;
    },
  };
}

/** No caching and no coalescing: every call loads (the cold benchmark, or CACHE_ENABLED=false). */
export function createPassThroughCache<V>(): TtlCache<V> {
  const stats: CacheStats = { hits: 0, misses: 0, coalesced: 0, evictions: 0, entries: 0, bytes: 0 };
  return {
    stats,
    peek: () => undefined,
    getOrLoad(_key, load) {
      stats.misses += 1;
      return load();
    },
    clear: () => undefined,
  };
}
