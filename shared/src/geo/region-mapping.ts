import { z } from 'zod';

import { type Airport, findAirport } from './airports';

const REGION_NAME = /^[a-z]{2,8}$/;
/** Words that end other queue names: `<queue>.dead` is a dead-letter queue, `legacy` labels the old shared queues. */
const RESERVED_REGION_NAMES: ReadonlySet<string> = new Set(['dead', 'legacy']);

/** Region names are 2-8 lower-case letters, not a reserved word: they end keyspace names, queue names and routing keys. */
export const isRegionName = (name: string): boolean => REGION_NAME.test(name) && !RESERVED_REGION_NAMES.has(name);

export const regionNameSchema = z
  .string()
  .refine(isRegionName, 'region names are 2-8 lower-case letters, and not "dead" or "legacy"');

/**
 * Which region a flight belongs to, from its origin airport. Rules are tried in order;
 * a rule matches on airport code, country, or IANA time-zone prefix.
 */
export const regionMappingSchema = z.object({
  rules: z.array(
    z.object({
      region: regionNameSchema,
      airports: z.array(z.string().regex(/^[A-Z]{3}$/)).optional(),
      countries: z.array(z.string().min(1)).optional(),
      timeZonePrefixes: z.array(z.string().min(1)).optional(),
    }),
  ),
  defaultRegion: regionNameSchema,
});
export type RegionMapping = z.infer<typeof regionMappingSchema>;

/** The Americas are `us`, everything else `eu`. */
export const defaultRegionMapping: RegionMapping = {
  rules: [{ region: 'us', timeZonePrefixes: ['America/'] }],
  defaultRegion: 'eu',
};

/** Every region the mapping can give (its rules' and its default), sorted, each once. */
export function regionsOf(mapping: RegionMapping): string[] {
  return [...new Set([mapping.defaultRegion, ...mapping.rules.map((rule) => rule.region)])].sort();
}

export type RegionResolver = (iata: string) => string | undefined;

/** Returns `undefined` for an airport we do not know: callers treat that as bad input. */
export function createRegionResolver(
  mapping: RegionMapping,
  lookup: (iata: string) => Airport | undefined = findAirport,
): RegionResolver {
  return (iata) => {
    const airport = lookup(iata);
    if (!airport) {
      return undefined;
    }
    const rule = mapping.rules.find(
      (candidate) =>
        candidate.airports?.includes(airport.iata) ||
        candidate.countries?.includes(airport.country) ||
        candidate.timeZonePrefixes?.some((prefix) => airport.timeZone.startsWith(prefix)),
    );
    return rule?.region ?? mapping.defaultRegion;
  };
}
