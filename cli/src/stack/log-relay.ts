import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';

import { createPrettyLine } from '@fareflow/shared';

export interface LogRelayOptions {
  /** Readable lines (pino's pretty printer, the service's name in its colour) instead of the JSON as it is. */
  isPretty: boolean;
  colorize: boolean;
  write: (line: string) => void;
}

/**
 * Relays a child's output line by line, so lines of different services never interleave mid-line.
 * JSON mode passes each line through untouched (each carries its `service`), so the stack's output
 * stays one JSON object per line for a log shipper.
 */
export function relayLines(name: string, streams: Array<Readable | null>, options: LogRelayOptions): void {
  const format = options.isPretty ? createPrettyLine({ colorize: options.colorize, service: name }) : undefined;
  for (const stream of streams) {
    if (stream) {
      createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
        options.write(`${format ? format(line) : line}\n`);
      });
    }
  }
}
