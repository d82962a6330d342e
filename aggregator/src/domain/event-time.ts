import { RejectedMessageError } from './errors';

/**
 * Microseconds since the epoch of an ISO 8601 instant with zone, keeping sub-millisecond digits
 * (`Date.parse` drops them). This is the Cassandra write timestamp: last write wins by event time.
 */
export function toEpochMicros(iso: string): number {
  const millis = Date.parse(iso);
  const fraction = /T\d{2}:\d{2}:\d{2}\.(\d+)/.exec(iso)?.[1] ?? '';
  const extraMicros = Number(fraction.padEnd(6, '0').slice(3, 6));
  return millis * 1000 + extraMicros;
}

/** `2026-05` of an instant, in UTC: the history's partitions are UTC months. */
export function utcMonthOf(iso: string): string {
  return new Date(Date.parse(iso)).toISOString().slice(0, 7);
}

/**
 * An event time from the future would win every later write in Cassandra until that time comes
 * (last write wins), so it is refused instead of stored.
 */
export function assertNotInFuture(field: string, iso: string, nowMs: number, maxClockSkewMs: number): void {
  if (Date.parse(iso) > nowMs + maxClockSkewMs) {
    throw new RejectedMessageError('TIME_IN_FUTURE', field, `${iso} is later than now plus ${maxClockSkewMs} ms`);
  }
}

/**
 * A clock in microseconds since the epoch that never returns the same value twice or goes back
 * (a later call gets at least the previous value + 1), for write timestamps of derived rows.
 */
export function createMonotonicMicros(nowMs: () => number = Date.now): () => number {
  let last = 0;
  return () => {
    last = Math.max(last + 1, nowMs() * 1000);
    return last;
  };
}
