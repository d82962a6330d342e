import type { Clock } from './clock';

/**
 * A token bucket: `ratePerSecond` tokens a second, up to `burst`. `take()` says how long to wait
 * for a token (0 = go now) and reserves it, so concurrent callers queue up fairly.
 */
export interface TokenBucket {
  /** Milliseconds until the reserved token is due. */
  reserve(): number;
  /** Takes a token only if one is available now. */
  tryTake(): boolean;
}

export function createTokenBucket(ratePerSecond: number, burst: number, clock: Clock): TokenBucket {
  let tokens = burst;
  let updatedAt = clock.now();
  const refill = () => {
    const now = clock.now();
    tokens = Math.min(burst, tokens + ((now - updatedAt) * ratePerSecond) / 1000);
    updatedAt = now;
  };
  return {
    reserve() {
      refill();
      tokens -= 1;
      return tokens >= 0 ? 0 : Math.ceil((-tokens * 1000) / ratePerSecond);
    },
    tryTake() {
      refill();
      if (tokens >= 1) {
        tokens -= 1;
        return true;
      }
      return false;
    },
  };
}
