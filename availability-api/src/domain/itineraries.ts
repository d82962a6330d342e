import type { Cabin } from '@fareflow/shared';
import { fromScaled } from '@fareflow/shared';

import type { Fare, Itinerary } from './fare';
import { ANY_FARE, type FareFilter, isLegAllowed, isWithinPrice } from './fare-filter';

export interface ConnectionRules {
  minConnectionMinutes: number;
  maxConnectionMinutes: number;
}

const MINUTE_MS = 60_000;

/** A fare can be offered: priced, seats left. */
export const isBookable = (fare: Fare): boolean => fare.seatsAvailable > 0;

export function toItinerary(legs: Fare[]): Itinerary {
  const [first] = legs;
  const last = legs[legs.length - 1];
  if (!first || !last) {
    throw new RangeError('an itinerary needs at least one leg');
  }
  const priceScaled = legs.reduce((sum, leg) => sum + leg.priceScaled, 0n);
  return {
    id: legs.map((leg) => leg.flightId).join('+'),
    cabin: first.cabin,
    legs,
    // A direct flight keeps its stored decimal verbatim; a connection gets the exact sum.
    price: legs.length === 1 ? first.price : fromScaled(priceScaled),
    priceScaled,
    currency: first.currency,
    seatsAvailable: Math.min(...legs.map((leg) => leg.seatsAvailable)),
    departureUtcMs: first.departureUtcMs,
    arrivalUtcMs: last.arrivalUtcMs,
    durationMinutes:
      legs.length === 1 ? first.durationMinutes : Math.round((last.arrivalUtcMs - first.departureUtcMs) / MINUTE_MS),
    stops: legs.length - 1 + legs.reduce((sum, leg) => sum + leg.stops, 0),
  };
}

/** `next` may follow `previous`: same cabin and currency, at the arrival airport, within the layover window. */
export function canConnect(previous: Fare, next: Fare, rules: ConnectionRules): boolean {
  const layoverMs = next.departureUtcMs - previous.arrivalUtcMs;
  return (
    previous.destination === next.origin &&
    previous.cabin === next.cabin &&
    previous.currency === next.currency &&
    layoverMs >= rules.minConnectionMinutes * MINUTE_MS &&
    layoverMs <= rules.maxConnectionMinutes * MINUTE_MS
  );
}

export interface ConnectionInput {
  origin: string;
  destination: string;
  cabin?: Cabin;
  /** What every leg and the price must satisfy (cabin, carriers, currency, seats for the party, maxPrice). */
  filter?: FareFilter;
  /** Legs leaving the origin (any destination). */
  firstLegs: Fare[];
  /** Legs by departure airport, for the middle of trips of two and three stops (any destination). */
  middleLegsByHub: Map<string, Fare[]>;
  /** Legs into the destination by departure airport. */
  lastLegsByHub: Map<string, Fare[]>;
  maxStops: number;
  rules: ConnectionRules;
  /**
   * The bound of trips of two and three stops: after each middle leg, only this many partial trips
   * are kept per change airport (the cheapest; then the earliest arrival; then the legs' ids, so the
   * choice is a total order and repeats exactly). Direct flights and one-stop trips are never cut.
   * Unset: no bound.
   */
  maxPathsPerHub?: number;
}

interface PartialTrip {
  legs: Fare[];
  priceScaled: bigint;
}

/**
 * Every direct flight and connection of up to `maxStops` changes from origin to destination,
 * never visiting an airport twice, every leg allowed by the filter (bookable for the party, in the
 * same cabin and currency), the sum within `maxPrice`. Built one leg at a time, dropping a partial
 * trip as soon as it breaks a rule.
 */
export function buildItineraries(input: ConnectionInput): Itinerary[] {
  const filter: FareFilter = { ...(input.filter ?? ANY_FARE), cabin: input.filter?.cabin ?? input.cabin };
  const result: Itinerary[] = [];
  let frontier: PartialTrip[] = input.firstLegs
    .filter((leg) => leg.origin === input.origin && isLegAllowed(leg, filter) && isWithinPrice(leg.priceScaled, filter))
    .map((leg) => ({ legs: [leg], priceScaled: leg.priceScaled }));
  for (let legCount = 1; frontier.length > 0; legCount += 1) {
    const next: PartialTrip[] = [];
    for (const trip of frontier) {
      extendTrip(input, filter, trip, result, next);
    }
    // One-stop trips (two legs, the second one into the destination) are never cut: only partial
    // trips that still need a change are bounded.
    frontier =
      input.maxPathsPerHub === undefined ? next : keepBestPerHub(next, input.destination, input.maxPathsPerHub);
  }
  return dedupe(result);
}

/** Completes `trip` into `result` when it arrived, or extends it by one allowed leg into `next`. */
function extendTrip(
  input: ConnectionInput,
  filter: FareFilter,
  trip: PartialTrip,
  result: Itinerary[],
  next: PartialTrip[],
): void {
  const last = trip.legs[trip.legs.length - 1];
  if (!last) {
    return;
  }
  if (last.destination === input.destination) {
    result.push(toItinerary(trip.legs));
    return;
  }
  const changes = trip.legs.length;
  if (changes > input.maxStops) {
    return;
  }
  const isFinalChange = changes === input.maxStops;
  const candidates = isFinalChange
    ? (input.lastLegsByHub.get(last.destination) ?? [])
    : [...(input.lastLegsByHub.get(last.destination) ?? []), ...(input.middleLegsByHub.get(last.destination) ?? [])];
  const visited = new Set([input.origin, ...trip.legs.map((leg) => leg.destination)]);
  for (const leg of candidates) {
    const isAllowedStop = leg.destination === input.destination || !visited.has(leg.destination);
    const priceScaled = trip.priceScaled + leg.priceScaled;
    if (
      isAllowedStop &&
      isLegAllowed(leg, filter) &&
      isWithinPrice(priceScaled, filter) &&
      canConnect(last, leg, input.rules)
    ) {
      next.push({ legs: [...trip.legs, leg], priceScaled });
    }
  }
}

/** Arrived trips pass; trips still on the way keep the `limit` best per change airport. */
function keepBestPerHub(trips: PartialTrip[], destination: string, limit: number): PartialTrip[] {
  const byHub = new Map<string, PartialTrip[]>();
  const kept: PartialTrip[] = [];
  for (const trip of trips) {
    const last = trip.legs[trip.legs.length - 1];
    if (!last || last.destination === destination) {
      kept.push(trip);
      continue;
    }
    const hub = byHub.get(last.destination);
    if (hub) {
      hub.push(trip);
    } else {
      byHub.set(last.destination, [trip]);
    }
  }
  for (const hubTrips of byHub.values()) {
    kept.push(...(hubTrips.length <= limit ? hubTrips : hubTrips.sort(compareTrips).slice(0, limit)));
  }
  return kept;
}

const arrivalOf = (trip: PartialTrip) => trip.legs[trip.legs.length - 1]?.arrivalUtcMs ?? 0;
const idOf = (trip: PartialTrip) => trip.legs.map((leg) => `${leg.flightId}|${leg.cabin}`).join('+');

function compareTrips(a: PartialTrip, b: PartialTrip): number {
  if (a.priceScaled !== b.priceScaled) {
    return a.priceScaled < b.priceScaled ? -1 : 1;
  }
  if (arrivalOf(a) !== arrivalOf(b)) {
    return arrivalOf(a) - arrivalOf(b);
  }
  const [idA, idB] = [idOf(a), idOf(b)];
  return idA < idB ? -1 : idA > idB ? 1 : 0;
}

/** The same leg can be reachable through both hub maps; keep each itinerary once. */
function dedupe(itineraries: Itinerary[]): Itinerary[] {
  const seen = new Map<string, Itinerary>();
  for (const itinerary of itineraries) {
    seen.set(`${itinerary.id}|${itinerary.cabin}`, itinerary);
  }
  return [...seen.values()];
}
