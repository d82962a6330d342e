import { findAirport } from '@fareflow/shared';

import { isoDurationToMinutes } from './iso-duration';
import type { NormalizedSegment, SkippedOffer } from './normalized-offer';
import { formatLocalIso, formatUtcIso, localToEpochMs } from './zoned-time';

export interface RawSegment {
  carrier: string;
  flightNumber: string;
  origin: string;
  destination: string;
  /** Local wall time as the airline gave it, without offset. */
  departureLocal: string;
  arrivalLocal: string;
  /** The airports' zones when the response carries them (Duffel); else the bundled airport table. */
  originTimeZone?: string | undefined;
  destinationTimeZone?: string | undefined;
}

export interface TimedSegment extends NormalizedSegment {
  departureEpochMs: number;
  arrivalEpochMs: number;
}

/** Resolves local times to instants through the airports' time zones; a skip reason if it cannot. */
export function timeSegment(raw: RawSegment): TimedSegment | SkippedOffer {
  const originZone = raw.originTimeZone ?? findAirport(raw.origin)?.timeZone;
  const destinationZone = raw.destinationTimeZone ?? findAirport(raw.destination)?.timeZone;
  if (!originZone || !destinationZone) {
    const unknown = originZone ? raw.destination : raw.origin;
    return { code: 'UNKNOWN_AIRPORT', message: `no time zone known for airport ${unknown}` };
  }
  const departureEpochMs = localToEpochMs(raw.departureLocal, originZone);
  const arrivalEpochMs = localToEpochMs(raw.arrivalLocal, destinationZone);
  if (departureEpochMs === undefined || arrivalEpochMs === undefined) {
    return { code: 'INCONSISTENT_TIMES', message: `unreadable local time on ${raw.carrier}${raw.flightNumber}` };
  }
  if (arrivalEpochMs <= departureEpochMs) {
    return {
      code: 'INCONSISTENT_TIMES',
      message: `${raw.carrier}${raw.flightNumber} arrives (${raw.arrivalLocal} ${destinationZone}) before it departs (${raw.departureLocal} ${originZone})`,
    };
  }
  return {
    carrier: raw.carrier,
    flightNumber: raw.flightNumber,
    origin: raw.origin,
    destination: raw.destination,
    departureLocal: formatLocalIso(departureEpochMs, originZone),
    departureUtc: formatUtcIso(departureEpochMs),
    arrivalLocal: formatLocalIso(arrivalEpochMs, destinationZone),
    arrivalUtc: formatUtcIso(arrivalEpochMs),
    departureEpochMs,
    arrivalEpochMs,
  };
}

export function isSkipped<T extends object>(value: T | SkippedOffer): value is SkippedOffer {
  return 'code' in value && 'message' in value && !('carrier' in value);
}

/** Drops the epoch helpers so only contract fields travel on. */
export function toNormalizedSegment(segment: TimedSegment): NormalizedSegment {
  const { departureEpochMs: _departure, arrivalEpochMs: _arrival, ...rest } = segment;
  return rest;
}

/** Elapsed time from the instants; the stated ISO duration only if the instants are unusable. */
export function durationOf(stated: string | undefined, timed: TimedSegment[]): number {
  const first = timed[0];
  const last = timed[timed.length - 1];
  if (first && last && last.arrivalEpochMs > first.departureEpochMs) {
    return Math.round((last.arrivalEpochMs - first.departureEpochMs) / 60_000);
  }
  return (stated ? isoDurationToMinutes(stated) : undefined) ?? 0;
}
