/**
 * How long a flight's rows stay in the regional store: until its departure plus a grace, so reads
 * stay small and no clean-up job is needed. Cassandra counts a TTL from when it applies the write.
 */
export interface FareRetention {
  /** Rows outlive the departure by this much (operators can still see a flight that just left). */
  graceMs: number;
  nowMs: () => number;
}

/** Latest UTC instant of a local day anywhere (UTC-12): the day's end is 12 hours after the next UTC midnight. */
const LATEST_ZONE_OFFSET_MS = 12 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The TTL in whole seconds (rounded up) until `expiresAtMs`, or `undefined` when that moment has
 * passed: then the write is not made at all. (A TTL of 0 would mean "never expire" to Cassandra.)
 */
export function ttlSecondsUntil(expiresAtMs: number, nowMs: number): number | undefined {
  const seconds = Math.ceil((expiresAtMs - nowMs) / 1000);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
}

/** When the rows of a flight departing at `departureUtc` (ISO 8601) expire. */
export const fareExpiryMs = (departureUtc: string, graceMs: number): number => Date.parse(departureUtc) + graceMs;

/**
 * When rows keyed by a local departure day (`YYYY-MM-DD`) expire, when the exact departure is not
 * at hand (seat changes, the cheapest row of a day): after the last instant of that day in any zone.
 */
export const dayExpiryMs = (departureDate: string, graceMs: number): number =>
  Date.parse(`${departureDate}T00:00:00Z`) + DAY_MS + LATEST_ZONE_OFFSET_MS + graceMs;
