import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { repositoryRoot } from '@fareflow/shared';

/**
 * The saved airline API examples live outside the repository, in the `shared/` folder beside the
 * checkout (`../shared/data/airline-apis`), or AIRLINE_APIS_DIR. Tests must not pass silently
 * without them, so a missing folder throws.
 */
export const AIRLINE_APIS_DIR =
  process.env['AIRLINE_APIS_DIR'] ?? path.join(repositoryRoot, '..', 'shared', 'data', 'airline-apis');

export function airlineApiFolder(...parts: string[]): string {
  const folder = path.join(AIRLINE_APIS_DIR, ...parts);
  if (!existsSync(folder)) {
    throw new Error(
      `airline API examples not found at ${folder}: set AIRLINE_APIS_DIR to the folder that holds amadeus/ and duffel/`,
    );
  }
  return folder;
}

export function listJsonFiles(folder: string): string[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .sort();
}

export function readJson(file: string): unknown {
  return JSON.parse(readFileSync(file, 'utf8')) as unknown;
}
