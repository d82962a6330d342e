import type { CursorCodec } from '../cursor/cursor-codec';
import { addDays, eachDay } from '../domain/calendar';
import type { Fare, FareReader, Itinerary } from '../domain/fare';
import { type FareFilter, isLegAllowed } from '../domain/fare-filter';
import { type FareSearch, filterOf, resultSetKeyOf } from '../domain/fare-query';
import { buildItineraries, type ConnectionRules } from '../domain/itineraries';
import { orderItineraries, pageAfter } from '../domain/ordering';
import { mapLimit } from './map-limit';

export type { FareSearch } from '../domain/fare-query';

export interface FareSearchResult {
  items: Itinerary[];
  nextCursor?: string;
}

export interface SearchFaresDeps {
  fares: FareReader;
  cursors: CursorCodec;
  rules: ConnectionRules;
  maxHubsPerStop: number;
  /** Partial trips kept per change airport after each middle leg (trips of two and three stops). */
  maxPathsPerHub: number;
  /** Hubs outside the region have no flights in this region's store: skip them. */
  isInRegion: (iata: string) => boolean;
}

const FAN_OUT = 16;

/** Direct flights and connections of a route and day, filtered, ordered and cut into keyset pages. */
export function createSearchFares(deps: SearchFaresDeps): (search: FareSearch) => Promise<FareSearchResult> {
  return async (search) => {
    // Every filter is in the fingerprint: a cursor only continues the very result set it came from.
    const fingerprint = resultSetKeyOf(search);
    const after = search.cursor === undefined ? undefined : deps.cursors.decode(fingerprint, search.cursor);
    const filter = filterOf(search);
    const itineraries = (await findItineraries(deps, search, filter)).filter((it) => it.stops <= search.maxStops);
    const page = pageAfter(orderItineraries(itineraries, search.sort), search.limit, after);
    return {
      items: page.items,
      nextCursor: page.nextAfter ? deps.cursors.encode(fingerprint, page.nextAfter) : undefined,
    };
  };
}

/**
 * The reads, in rounds (each round's hubs come from the previous round's legs): the origin's day;
 * for trips of two or more stops, the middle hubs' days (`maxStops` days from the search day: a
 * later change can leave a day or two later); then each hub's route into the destination.
 */
async function findItineraries(deps: SearchFaresDeps, search: FareSearch, filter: FareFilter): Promise<Itinerary[]> {
  const { origin, destination, date, maxStops } = search;
  const base = { origin, destination, filter, maxStops, rules: deps.rules, maxPathsPerHub: deps.maxPathsPerHub };
  if (maxStops === 0) {
    const direct = await deps.fares.findRouteFares(origin, destination, date, date);
    return buildItineraries({ ...base, firstLegs: direct, middleLegsByHub: new Map(), lastLegsByHub: new Map() });
  }
  const excluded = new Set([origin, destination]);
  const firstLegs = await deps.fares.findOriginFares(origin, date);
  let hubs = pickHubs(deps, firstLegs, filter, excluded);
  const allHubs = new Set(hubs);
  const middleLegsByHub = new Map<string, Fare[]>();
  const middleDays = eachDay(date, addDays(date, maxStops - 1));
  for (let stop = 2; stop <= maxStops; stop += 1) {
    const unread = hubs.filter((hub) => !middleLegsByHub.has(hub));
    const read = await mapLimit(unread, FAN_OUT, async (hub) => {
      const days = await Promise.all(middleDays.map((day) => deps.fares.findOriginFares(hub, day)));
      return [hub, days.flat()] as const;
    });
    read.forEach(([hub, legs]) => middleLegsByHub.set(hub, legs));
    hubs = pickHubs(
      deps,
      hubs.flatMap((hub) => middleLegsByHub.get(hub) ?? []),
      filter,
      excluded,
    );
    hubs.forEach((hub) => allHubs.add(hub));
  }
  const lastDay = addDays(date, maxStops);
  const last = await mapLimit([...allHubs], FAN_OUT, async (hub) => {
    return [hub, await deps.fares.findRouteFares(hub, destination, date, lastDay)] as const;
  });
  return buildItineraries({ ...base, firstLegs, middleLegsByHub, lastLegsByHub: new Map(last) });
}

/** Airports the allowed legs reach that could be a change point: in region, busiest first, capped. */
function pickHubs(deps: SearchFaresDeps, legs: Fare[], filter: FareFilter, excluded: Set<string>): string[] {
  const counts = new Map<string, number>();
  for (const leg of legs) {
    if (!excluded.has(leg.destination) && isLegAllowed(leg, filter)) {
      counts.set(leg.destination, (counts.get(leg.destination) ?? 0) + 1);
    }
  }
  return [...counts.entries()]
    .filter(([hub]) => deps.isInRegion(hub))
    .sort(([hubA, countA], [hubB, countB]) => countB - countA || hubA.localeCompare(hubB))
    .slice(0, deps.maxHubsPerStop)
    .map(([hub]) => hub);
}
