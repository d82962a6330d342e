/**
 * Where "now" comes from. The scraper and the simulator take a Clock so that tests (and the
 * simulator's accelerated mode) control time; nothing else calls `Date.now()` for domain time.
 */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

export interface ManualClock extends Clock {
  set(epochMs: number): void;
  advance(ms: number): void;
}

export function createManualClock(startEpochMs: number): ManualClock {
  let current = startEpochMs;
  return {
    now: () => current,
    set(epochMs) {
      current = epochMs;
    },
    advance(ms) {
      current += ms;
    },
  };
}

/** Simulated time that runs `speed` times faster than wall time from `startEpochMs`. */
export function createAcceleratedClock(startEpochMs: number, speed: number, wall: Clock = systemClock): Clock {
  const wallStart = wall.now();
  return { now: () => startEpochMs + Math.floor((wall.now() - wallStart) * speed) };
}

export const DAY_MS = 86_400_000;
export const HOUR_MS = 3_600_000;

/** `YYYY-MM-DD` of an instant in UTC. */
export const utcDateOf = (epochMs: number) => new Date(epochMs).toISOString().slice(0, 10);

/** `YYYY-MM-DD` plus `days`. */
export function addDays(date: string, days: number): string {
  return utcDateOf(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS);
}
