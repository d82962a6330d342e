import { createHash } from 'node:crypto';
import type { Writable } from 'node:stream';

import { prettyFactory, type PrettyOptions } from 'pino-pretty';

/** `json` always; `pretty` always; `auto`: pretty on a terminal, JSON otherwise (pipes, files, log shippers). */
export const logFormats = ['auto', 'json', 'pretty'] as const;
export type LogFormat = (typeof logFormats)[number];

export function resolveLogFormat(format: LogFormat | undefined, isTerminal: boolean): 'json' | 'pretty' {
  if (format === 'json' || format === 'pretty') {
    return format;
  }
  return isTerminal ? 'pretty' : 'json';
}

// Foreground colours that read on dark and light terminals; red is left to error levels.
const SERVICE_COLORS = [36, 33, 35, 32, 34, 96, 93, 95, 92, 94];

/** The same name gets the same colour in every process and every run. */
export function serviceColor(name: string): number {
  const digest = createHash('sha1').update(name).digest();
  return SERVICE_COLORS[(digest[0] ?? 0) % SERVICE_COLORS.length] ?? 36;
}

/** `name` padded to a column, in its colour when `colorize`. */
export function serviceLabel(name: string, colorize: boolean, width = 10): string {
  const padded = name.padEnd(width);
  return colorize ? `\u001b[${serviceColor(name)}m${padded}\u001b[0m` : padded;
}

const prettyOptions = (colorize: boolean): PrettyOptions => ({
  colorize,
  singleLine: true,
  translateTime: 'SYS:HH:MM:ss.l',
  // The service is the line's label; pid and hostname are noise on one machine.
  ignore: 'pid,hostname,service',
});

/**
 * Formats one pino JSON line as one readable line: `<service label> <time> <LEVEL>: <msg> {fields}`.
 * Lines that are not pino JSON (a crash's stack trace) come back labelled but unchanged.
 */
export function createPrettyLine(options: { colorize: boolean; service?: string }): (line: string) => string {
  const pretty = prettyFactory(prettyOptions(options.colorize));
  return (line) => {
    let service = options.service;
    let text = line;
    if (line.startsWith('{')) {
      try {
        const record = JSON.parse(line) as Record<string, unknown>;
        service ??= typeof record['service'] === 'string' ? record['service'] : undefined;
        text = pretty(record).trimEnd();
      } catch {
        // Not JSON after all: print as it is.
      }
    }
    return service === undefined ? text : `${serviceLabel(service, options.colorize)} ${text}`;
  };
}

/** A pino destination that writes readable lines to `out` (a service run straight on a terminal). */
export function createPrettyDestination(out: Writable, colorize: boolean): { write(line: string): void } {
  const format = createPrettyLine({ colorize });
  return {
    write(chunk: string) {
      for (const line of chunk.split('\n')) {
        if (line !== '') {
          out.write(`${format(line)}\n`);
        }
      }
    },
  };
}
