import { type Cabin, toScaled } from '@fareflow/shared';

import type { FareFilter } from './fare-filter';
import type { FareSort } from './ordering';

/** A `/v1/fares` search, as validated at the edge (lists sorted and unique, amounts normalized). */
export interface FareSearch {
  origin: string;
  destination: string;
  date: string;
  cabin?: Cabin;
  /** Include rule: every leg's carrier in the list. */
  carriers?: readonly string[];
  /** Exclude rule: no leg's carrier in the list. */
  excludeCarriers?: readonly string[];
  currency?: string;
  /** Highest unit price, normalized decimal (e.g. "500.00"). */
  maxPrice?: string;
  passengers: number;
  maxStops: number;
  sort: FareSort;
  limit: number;
  cursor?: string;
}

/**
 * Every parameter that decides which results a search has and in what order: everything but the
 * page (`limit`, `cursor`). The cursor's fingerprint and the response cache key are made of it, so a
 * new filter is part of both without anyone having to remember: the parameters are listed by name.
 */
export function resultSetKeyOf(search: FareSearch): string {
  const { limit: _limit, cursor: _cursor, ...selection } = search;
  const names = Object.keys(selection).sort() as (keyof typeof selection)[];
  return JSON.stringify(names.filter((name) => selection[name] !== undefined).map((name) => [name, selection[name]]));
}

/** The leg and price rules of a search. */
export function filterOf(search: FareSearch): FareFilter {
  return {
    passengers: search.passengers,
    ...(search.cabin === undefined ? {} : { cabin: search.cabin }),
    ...(search.carriers === undefined ? {} : { carriers: new Set(search.carriers) }),
    ...(search.excludeCarriers === undefined ? {} : { excludeCarriers: new Set(search.excludeCarriers) }),
    ...(search.currency === undefined ? {} : { currency: search.currency }),
    ...(search.maxPrice === undefined ? {} : { maxPriceScaled: toScaled(search.maxPrice) }),
  };
}
