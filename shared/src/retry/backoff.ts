/** A retry delay as a pure function of the attempt number (1 = first retry). */
export type Backoff = (attempt: number) => number;

export interface ExponentialBackoffOptions {
  baseMs: number;
  capMs: number;
  /** Returns [0, 1); injectable for tests. */
  random?: () => number;
}

/**
 * "Full jitter" exponential backoff: a uniform delay in [0, min(cap, base * 2^(attempt-1))].
 * Spreads retries of many clients apart instead of letting them hit a recovering service together.
 */
export function exponentialBackoff({ baseMs, capMs, random = Math.random }: ExponentialBackoffOptions): Backoff {
  return (attempt) => {
    const exponent = Math.min(Math.max(attempt, 1) - 1, 30);
    const ceiling = Math.min(capMs, baseMs * 2 ** exponent);
    return Math.floor(random() * ceiling);
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
