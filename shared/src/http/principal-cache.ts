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

export interface PrincipalCache {
  lookup: PrincipalLookup;
  /** The cached answer when fresh (`{ principal: undefined }` = known to be invalid); `undefined` when not cached. */
  peek(token: string): { principal: ApiPrincipal | undefined } | undefined;
}

/**
 * Memoises bearer-token lookups so the hot path does not query PostgreSQL per request, with one
 * lookup in flight per token. Bounded: the oldest entries go first once `maxEntries` is reached.
 */
export function createPrincipalCache(options: PrincipalCacheOptions): PrincipalCache {
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

  const peek = (token: string) => {
    const entry = entries.get(token);
    return entry && entry.expiresAt > now() ? entry : undefined;
  };

  const lookup: PrincipalLookup = (token) => {
    const entry = peek(token);
    if (entry) {
      return Promise.resolve(entry.principal);
    }
    const pending = inFlight.get(token);
    if (pending) {
      return pending;
    }
    const loading = options
      .lookup(token)
      .then((principal) => {
        remember(token, principal);
        return principal;
      })
      .finally(() => inFlight.delete(token));
    inFlight.set(token, loading);
    return loading;
  };

  return { lookup, peek };
}
