import { readFileSync } from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

const extractSchema = z.object({
  routes: z
    .array(z.tuple([z.string().regex(/^[A-Z0-9]{2}$/), z.string().regex(/^[A-Z]{3}$/), z.string().regex(/^[A-Z]{3}$/)]))
    .min(1),
});

export const DEFAULT_ROUTES_FILE = path.join(__dirname, '..', '..', 'data', 'routes.json');

/** Reads the bundled OpenFlights routes extract (`ingest/data/routes.json`). */
export function loadRoutesExtract(file: string = DEFAULT_ROUTES_FILE): [string, string, string][] {
  return extractSchema.parse(JSON.parse(readFileSync(file, 'utf8'))).routes;
}
