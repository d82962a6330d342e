import { findAirport, formatFlightId, parseFlightId } from '@fareflow/shared';

import type { OfferFormat } from '../../domain/normalized-offer';
import { localToEpochMs } from '../../domain/zoned-time';
import type { AirlineProfile } from './airline-profiles';
import { unit } from './hash';

/** One route an airline flies, with how often per day in this simulation. */
export interface ScheduledRoute {
  carrier: string;
  format: OfferFormat;
  origin: string;
  destination: string;
  originZone: string;
  destinationZone: string;
  distanceKm: number;
  durationMinutes: number;
  frequency: number;
  /** Flight-number counter of this route's first daily slot within its carrier. */
  numberBase: number;
}

export interface ScheduledFlight {
  flightId: string;
  route: ScheduledRoute;
  flightNumber: string;
  /** Local departure date at the origin. */
  departureDate: string;
  /** Local wall time `HH:mm`. */
  departureTime: string;
  departureEpochMs: number;
  arrivalEpochMs: number;
}

export interface ScheduleOptions {
  routes: readonly (readonly [string, string, string])[];
  profiles: readonly AirlineProfile[];
  flightsPerDay: number;
  /** Use at most this many routes (a seeded, airline-mixed pick); all by default. */
  maxRoutes?: number;
  seed: number;
}

/**
 * The simulated timetable: the same flights every day, `flightsPerDay` in total, spread over
 * the routes. Flights are computed on demand, so a 100,000-flights-a-day schedule costs only its routes.
 */
export interface Schedule {
  routes: readonly ScheduledRoute[];
  flightsPerDay: number;
  profileOf(carrier: string): AirlineProfile | undefined;
  flightsOnRoute(format: OfferFormat, origin: string, destination: string, date: string): ScheduledFlight[];
  flightsFrom(carrier: string, origin: string, date: string): ScheduledFlight[];
  findFlight(flightId: string): ScheduledFlight | undefined;
}

export function buildSchedule(options: ScheduleOptions): Schedule {
  const profiles = new Map(options.profiles.map((profile) => [profile.carrier, profile]));
  const candidates = options.routes
    .filter(
      ([carrier, origin, destination]) => profiles.has(carrier) && findAirport(origin) && findAirport(destination),
    )
    .map((route) => ({ route, rank: unit(options.seed, 'route', route.join('-')) }))
    .sort((a, b) => a.rank - b.rank)
    .slice(0, options.maxRoutes ?? Number.POSITIVE_INFINITY)
    .slice(0, options.flightsPerDay);
  const perRoute = Math.floor(options.flightsPerDay / Math.max(candidates.length, 1));
  const extra = options.flightsPerDay % Math.max(candidates.length, 1);
  const counters = new Map<string, number>();
  const routes: ScheduledRoute[] = candidates.map(({ route: [carrier, origin, destination] }, index) => {
    const frequency = perRoute + (index < extra ? 1 : 0);
    const numberBase = counters.get(carrier) ?? 0;
    counters.set(carrier, numberBase + frequency);
    return describeRoute(
      carrier,
      origin,
      destination,
      frequency,
      numberBase,
      profiles.get(carrier)?.format ?? 'amadeus',
    );
  });
  return createScheduleIndex(routes, profiles, options.seed);
}

function createScheduleIndex(routes: ScheduledRoute[], profiles: Map<string, AirlineProfile>, seed: number): Schedule {
  const byRoute = groupBy(routes, (route) => `${route.format}:${route.origin}:${route.destination}`);
  const byOrigin = groupBy(routes, (route) => `${route.carrier}:${route.origin}`);
  const byNumber = new Map<string, { route: ScheduledRoute; slot: number }>();
  for (const route of routes) {
    for (let slot = 0; slot < route.frequency; slot += 1) {
      byNumber.set(`${route.carrier}${flightNumberOf(route.numberBase + slot)}`, { route, slot });
    }
  }
  const flightsOf = (list: ScheduledRoute[] | undefined, date: string) =>
    (list ?? []).flatMap((route) =>
      Array.from({ length: route.frequency }, (_, slot) => flightOf(route, slot, date, seed)),
    );
  return {
    routes,
    flightsPerDay: routes.reduce((sum, route) => sum + route.frequency, 0),
    profileOf: (carrier) => profiles.get(carrier),
    flightsOnRoute: (format, origin, destination, date) =>
      flightsOf(byRoute.get(`${format}:${origin}:${destination}`), date),
    flightsFrom: (carrier, origin, date) => flightsOf(byOrigin.get(`${carrier}:${origin}`), date),
    findFlight(flightId) {
      const key = parseFlightId(flightId);
      const entry = key ? byNumber.get(`${key.carrier}${key.flightNumber}`) : undefined;
      if (!key || !entry || entry.route.origin !== key.origin || entry.route.destination !== key.destination) {
        return undefined;
      }
      return flightOf(entry.route, entry.slot, key.departureDate, seed);
    },
  };
}

function flightOf(route: ScheduledRoute, slot: number, date: string, seed: number): ScheduledFlight {
  const spread = (17 * 60) / route.frequency;
  const offset = unit(seed, 'time', route.carrier, route.origin, route.destination);
  const minutes = 6 * 60 + Math.floor(((slot + offset) * spread) / 5) * 5;
  const departureTime = `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
  const departureEpochMs =
    localToEpochMs(`${date}T${departureTime}`, route.originZone) ?? Date.parse(`${date}T00:00:00Z`);
  const flightNumber = flightNumberOf(route.numberBase + slot);
  return {
    flightId: formatFlightId({
      carrier: route.carrier,
      flightNumber,
      departureDate: date,
      origin: route.origin,
      destination: route.destination,
    }),
    route,
    flightNumber,
    departureDate: date,
    departureTime,
    departureEpochMs,
    arrivalEpochMs: departureEpochMs + route.durationMinutes * 60_000,
  };
}

/** 1..9999, then 1A..9999A, ...: flight numbers are at most four digits. */
export function flightNumberOf(counter: number): string {
  const cycle = Math.floor(counter / 9999);
  return `${(counter % 9999) + 1}${cycle === 0 ? '' : String.fromCharCode(64 + cycle)}`;
}

function describeRoute(
  carrier: string,
  origin: string,
  destination: string,
  frequency: number,
  numberBase: number,
  format: OfferFormat,
): ScheduledRoute {
  const from = findAirport(origin);
  const to = findAirport(destination);
  const distanceKm = from && to ? greatCircleKm(from.latitude, from.longitude, to.latitude, to.longitude) : 1000;
  return {
    carrier,
    format,
    origin,
    destination,
    originZone: from?.timeZone ?? 'UTC',
    destinationZone: to?.timeZone ?? 'UTC',
    distanceKm,
    durationMinutes: Math.max(30, Math.round((25 + distanceKm / 13.5) / 5) * 5),
    frequency,
    numberBase,
  };
}

export function greatCircleKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return Math.round(2 * 6371 * Math.asin(Math.sqrt(a)));
}

function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) {
      list.push(item);
    } else {
      groups.set(key, [item]);
    }
  }
  return groups;
}

const pad = (value: number) => String(value).padStart(2, '0');
