import type { Cabin } from '@fareflow/shared';
import { fromScaled } from '@fareflow/shared';

import type { Fare, Itinerary } from './fare';

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
  /** Legs leaving the origin (any destination). */
  firstLegs: Fare[];
  /** Legs by departure airport, for the middle of two-stop trips (any destination). */
  middleLegsByHub: Map<string, Fare[]>;
  /** Legs into the destination by departure airport. */
  lastLegsByHub: Map<string, Fare[]>;
  maxStops: number;
  rules: ConnectionRules;
}

/**
 * Every direct flight and connection of up to `maxStops` changes from origin to destination,
 * never visiting an airport twice, every leg bookable and in the same cabin and currency.
 */
export function buildItineraries(input: ConnectionInput): Itinerary[] {
  const matchesCabin = (fare: Fare) => isBookable(fare) && (input.cabin === undefined || fare.cabin === input.cabin);
  const result: Itinerary[] = [];
  const extend = (path: Fare[]) => {
    const last = path[path.length - 1];
    if (!last) {
      return;
    }
    if (last.destination === input.destination) {
      result.push(toItinerary(path));
      return;
    }
    const changes = path.length;
    if (changes > input.maxStops) {
      return;
    }
    const isFinalChange = changes === input.maxStops;
    const candidates = isFinalChange
      ? (input.lastLegsByHub.get(last.destination) ?? [])
      : [...(input.lastLegsByHub.get(last.destination) ?? []), ...(input.middleLegsByHub.get(last.destination) ?? [])];
    const visited = new Set([input.origin, ...path.map((leg) => leg.destination)]);
    for (const next of candidates) {
      const isAllowedStop = next.destination === input.destination || !visited.has(next.destination);
      if (matchesCabin(next) && isAllowedStop && canConnect(last, next, input.rules)) {
        extend([...path, next]);
      }
    }
  };
  for (const first of input.firstLegs) {
    if (first.origin === input.origin && matchesCabin(first)) {
      extend([first]);
    }
  }
  return dedupe(result);
}

/** The same leg can be reachable through both hub maps; keep each itinerary once. */
function dedupe(itineraries: Itinerary[]): Itinerary[] {
  const seen = new Map<string, Itinerary>();
  for (const itinerary of itineraries) {
    seen.set(`${itinerary.id}|${itinerary.cabin}`, itinerary);
  }
  return [...seen.values()];
}
