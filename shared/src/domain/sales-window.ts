import { parseFlightId } from './flight-id';

/**
 * Whether a flight can still be sold at `nowMs`: `open` until `cutoffMs` before departure,
 * `closed` inside the cut-off, `departed` from the departure on. One rule for every place that
 * offers, orders, changes or takes payment, so that what the availability API lists is exactly
 * what the order service accepts.
 */
export type SalesState = 'open' | 'closed' | 'departed';

export function salesStateAt(departureUtcMs: number, nowMs: number, cutoffMs: number): SalesState {
  if (nowMs >= departureUtcMs) {
    return 'departed';
  }
  return departureUtcMs - nowMs <= cutoffMs ? 'closed' : 'open';
}

/** When sales of a flight departing at `departureUtcMs` close. */
export const salesCloseAtMs = (departureUtcMs: number, cutoffMs: number): number => departureUtcMs - cutoffMs;

/** UTC+14 is the earliest zone: the first instant of a local day anywhere is 14 hours before its UTC midnight. */
const EARLIEST_ZONE_OFFSET_MS = 14 * 60 * 60 * 1000;

/**
 * The earliest instant at which a flight can depart, from its id alone (local departure day, zone
 * unknown): the start of that day in UTC+14. For flights whose exact departure is not known yet,
 * this closes sales early rather than late.
 */
export function earliestDepartureOfFlightId(flightId: string): number | undefined {
  const key = parseFlightId(flightId);
  if (!key) {
    return undefined;
  }
  const midnightUtc = Date.parse(`${key.departureDate}T00:00:00Z`);
  return Number.isNaN(midnightUtc) ? undefined : midnightUtc - EARLIEST_ZONE_OFFSET_MS;
}
