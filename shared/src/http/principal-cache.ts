import type { ApiPrincipal } from '../auth';

export type PrincipalLookup = (token: string) => Promise<ApiPrincipal | undefined>;

export interface PrincipalCacheOptions {
  lookup: PrincipalLookup;
  /** How long an answer (found or not) is reused. A revoked key stops working within this. 0 disables. */
  ttlMs: number;
  maxEntries: number;
  now?: () => number;
}

interface Entry {
  principal: ApiPrincipal | undefined;
  expiresAt: number;
}

/**
 * Memoises bearer-token lookups so the hot path does not query PostgreSQL per request, with one
 * lookup in flight per token. Bounded: the oldest entries go first once `maxEntries` is reached.
 */
export function createPrincipalCache(options: PrincipalCacheOptions): PrincipalLookup {
  const now = options.now ?? Date.now;
  const entries = new Map<string, Entry>();
  const inFlight = new Map<string, Promise<ApiPrincipal | undefined>>();

  function remember(token: string, principal: ApiPrincipal | undefined): void {
    if (options.ttlMs <= 0) {
      return;
    }
    entries.delete(token);
    entries.set(token, { principal, expiresAt: now() + options.ttlMs });
    while (entries.size > options.maxEntries) {
      const oldest = entries.keys().next();
      if (oldest.done) {
        break;
      }
      entries.delete(oldest.value);
    }
  }

  return (token) => {
    const entry = entries.get(token);
    if (entry && entry.expiresAt > now()) {
      return Promise.resolve(entry.principal);
    }
    const pending = inFlight.get(token);
    if (pending) {
      return pending;
    }
    const lookup = options
      .lookup(token)
      .then((principal) => {
        remember(token, principal);
        return principal;
      })
      .finally(() => inFlight.delete(token));
    inFlight.set(token, lookup);
    return lookup;
  };
}
