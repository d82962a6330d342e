import { readFile } from 'node:fs/promises';

import { parseSavedResponse } from '@fareflow/ingest';

export const PARSE_FORMATS = ['amadeus', 'duffel', 'feed'] as const;
export type ParseFormat = (typeof PARSE_FORMATS)[number];

export interface ParseOutput {
  out: (line: string) => void;
  err: (line: string) => void;
}

/**
 * `fareflow parse --format amadeus|duffel|feed FILE`: one normalized fare observation (JSON) per
 * usable offer per line on stdout; every skipped offer with its reason on stderr. Exit code 1 if
 * the file cannot be read or is not a response of that format at all.
 */
export async function parseFile(format: ParseFormat, file: string, output: ParseOutput): Promise<number> {
  const text = await readFile(file, 'utf8');
  const { observations, skipped } = parseSavedResponse(format, text);
  for (const observation of observations) {
    output.out(JSON.stringify(observation));
  }
  for (const skip of skipped) {
    output.err(`skipped${skip.offerId ? ` offer ${skip.offerId}` : ''}: ${skip.code}: ${skip.message}`);
  }
  output.err(`${observations.length} offers parsed, ${skipped.length} skipped`);
  return skipped.some((skip) => skip.code === 'INVALID_RESPONSE') ? 1 : 0;
}
