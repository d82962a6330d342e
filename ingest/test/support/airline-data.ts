import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Saved airline API examples, copied into the repository with their licences
 * (`ingest/test/fixtures/airline-apis/README.md` names each source), so the tests need nothing
 * outside the clone. A missing folder throws: tests must not pass vacuously over no files.
 */
export const AIRLINE_APIS_DIR = path.join(__dirname, '..', 'fixtures', 'airline-apis');

export function airlineApiFolder(...parts: string[]): string {
  const folder = path.join(AIRLINE_APIS_DIR, ...parts);
  if (!existsSync(folder)) {
    throw new Error(`airline API examples not found at ${folder}`);
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
