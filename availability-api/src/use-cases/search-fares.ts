import type { Cabin } from '@fareflow/shared';

import type { CursorCodec } from '../cursor/cursor-codec';
import { addDays } from '../domain/calendar';
import type { Fare, FareReader, Itinerary } from '../domain/fare';
import { buildItineraries, type ConnectionRules, isBookable } from '../domain/itineraries';
import { type FareSort, orderItineraries, pageAfter } from '../domain/ordering';
import { mapLimit } from './map-limit';

export interface FareSearch {
  origin: string;
  destination: string;
  date: string;
  cabin?: Cabin;
  maxStops: number;
  sort: FareSort;
  limit: number;
  cursor?: string;
}

export interface FareSearchResult {
  items: Itinerary[];
  nextCursor?: string;
}

export interface SearchFaresDeps {
  fares: FareReader;
  cursors: CursorCodec;
  rules: ConnectionRules;
  maxHubsPerStop: number;
  /** Hubs outside the region have no flights in this region's store: skip them. */
  isInRegion: (iata: string) => boolean;
}

const FAN_OUT = 16;

/** Direct flights and connections of a route and day, ordered and cut into keyset pages. */
export function createSearchFares(deps: SearchFaresDeps): (search: FareSearch) => Promise<FareSearchResult> {
  return async (search) => {
    const query = [search.origin, search.destination, search.date, search.cabin ?? '*', search.maxStops, search.sort];
    const fingerprint = query.join('|');
    const after = search.cursor === undefined ? undefined : deps.cursors.decode(fingerprint, search.cursor);
    const itineraries = (await findItineraries(deps, search)).filter((it) => it.stops <= search.maxStops);
    const page = pageAfter(orderItineraries(itineraries, search.sort), search.limit, after);
    return {
      items: page.items,
      nextCursor: page.nextAfter ? deps.cursors.encode(fingerprint, page.nextAfter) : undefined,
    };
  };
}

async function findItineraries(deps: SearchFaresDeps, search: FareSearch): Promise<Itinerary[]> {
  const { origin, destination, date, cabin, maxStops } = search;
  const base = { origin, destination, cabin, maxStops, rules: deps.rules };
  if (maxStops === 0) {
    const direct = await deps.fares.findRouteFares(origin, destination, date, date);
    return buildItineraries({ ...base, firstLegs: direct, middleLegsByHub: new Map(), lastLegsByHub: new Map() });
  }
  const firstLegs = await deps.fares.findOriginFares(origin, date);
  const firstHubs = pickHubs(deps, firstLegs, search, new Set([origin, destination]));
  const middleLegsByHub = new Map<string, Fare[]>();
  let lastHubs = firstHubs;
  if (maxStops >= 2) {
    const middle = await mapLimit(firstHubs, FAN_OUT, async (hub) => {
      const days = await Promise.all([date, addDays(date, 1)].map((day) => deps.fares.findOriginFares(hub, day)));
      return [hub, days.flat()] as const;
    });
    for (const [hub, legs] of middle) {
      middleLegsByHub.set(hub, legs);
    }
    const secondHubs = pickHubs(deps, [...middleLegsByHub.values()].flat(), search, new Set([origin, destination]));
    lastHubs = [...new Set([...firstHubs, ...secondHubs])];
  }
  const lastDay = addDays(date, maxStops);
  const last = await mapLimit(lastHubs, FAN_OUT, async (hub) => {
    return [hub, await deps.fares.findRouteFares(hub, destination, date, lastDay)] as const;
  });
  return buildItineraries({ ...base, firstLegs, middleLegsByHub, lastLegsByHub: new Map(last) });
}

/** Airports the legs reach that could be a change point: in region, bookable, busiest first, capped. */
function pickHubs(deps: SearchFaresDeps, legs: Fare[], search: FareSearch, excluded: Set<string>): string[] {
  const counts = new Map<string, number>();
  for (const leg of legs) {
    const isCandidate =
      !excluded.has(leg.destination) && isBookable(leg) && (search.cabin === undefined || leg.cabin === search.cabin);
    if (isCandidate) {
      counts.set(leg.destination, (counts.get(leg.destination) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .filter(([hub]) => deps.isInRegion(hub))
    .sort(([hubA, countA], [hubB, countB]) => countB - countA || hubA.localeCompare(hubB))
    .slice(0, deps.maxHubsPerStop)
    .map(([hub]) => hub);
}
