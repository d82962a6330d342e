import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

import { findAirport } from '@fareflow/shared';

/**
 * Derives `ingest/data/routes.json` from OpenFlights `routes.dat` (ODbL): direct, non-codeshare
 * routes of the simulated airlines between airports the bundled airport table knows, at most
 * `perCarrier` routes each. Run: `node --import tsx ingest/src/simulator/derive-routes-extract.ts <routes.dat>`.
 */
export const SIMULATED_CARRIERS = ['LH', 'AF', 'AA', 'UA', 'DL', 'U2', 'FR', 'WN'] as const;

export function deriveRoutesExtract(routesDat: string, perCarrier = 600): [string, string, string][] {
  const seen = new Set<string>();
  const byCarrier = new Map<string, [string, string, string][]>();
  for (const line of routesDat.split('\n')) {
    const [carrier = '', , origin = '', , destination = '', , codeshare = '', stops = ''] = line.split(',');
    const key = `${carrier}:${origin}:${destination}`;
    if (
      !(SIMULATED_CARRIERS as readonly string[]).includes(carrier) ||
      codeshare !== '' ||
      stops !== '0' ||
      seen.has(key)
    ) {
      continue;
    }
    if (origin === destination || !findAirport(origin) || !findAirport(destination)) {
      continue;
    }
    seen.add(key);
    const list = byCarrier.get(carrier) ?? [];
    list.push([carrier, origin, destination]);
    byCarrier.set(carrier, list);
  }
  return SIMULATED_CARRIERS.flatMap((carrier) =>
    (byCarrier.get(carrier) ?? [])
      .sort((a, b) => `${a[1]}${a[2]}`.localeCompare(`${b[1]}${b[2]}`))
      .slice(0, perCarrier),
  );
}

if (require.main === module) {
  // The source file is not part of the project: the caller names it (OpenFlights publishes routes.dat).
  const input = process.argv[2];
  if (!input) {
    process.stderr.write('usage: node --import tsx ingest/src/simulator/derive-routes-extract.ts <routes.dat>\n');
    process.exit(2);
  }
  const routes = deriveRoutesExtract(readFileSync(input, 'utf8'));
  const output = path.join(__dirname, '..', '..', 'data', 'routes.json');
  const body = {
    attribution: 'Route data © OpenFlights.org contributors, available under the Open Database License (ODbL)',
    columns: ['carrier', 'origin', 'destination'],
    routes,
  };
  writeFileSync(output, `${JSON.stringify(body, null, 2)}\n`);
  process.stderr.write(`wrote ${routes.length} routes to ${output}\n`);
}
