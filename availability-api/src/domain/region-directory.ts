/** One region's API and the origin airports whose flights it serves. */
export interface RegionEntry {
  region: string;
  baseUrl: string;
  /** IATA codes, sorted. */
  airports: string[];
}

/**
 * Every region with a base URL, and the airports the mapping gives it (a flight belongs to the
 * region of its origin airport): what a client needs to send each search to the right API.
 */
export function listRegions(
  baseUrls: Readonly<Record<string, string>>,
  regionOf: (iata: string) => string | undefined,
  airports: readonly string[],
): RegionEntry[] {
  const byRegion = new Map<string, string[]>(Object.keys(baseUrls).map((region) => [region, []]));
  for (const iata of airports) {
    const region = regionOf(iata);
    if (region !== undefined) {
      byRegion.get(region)?.push(iata);
    }
  }
  return [...byRegion.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([region, codes]) => ({ region, baseUrl: baseUrls[region] ?? '', airports: codes.sort() }));
}
