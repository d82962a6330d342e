import pino, { type Logger, type LoggerOptions } from 'pino';

import { createPrettyDestination, type LogFormat, resolveLogFormat } from './pretty';

export type { Logger } from 'pino';

export interface LoggerSettings {
  service: string;
  level: LoggerOptions['level'];
  /** `auto` (the default): readable lines when `isTerminal`, one JSON object per line otherwise. */
  format?: LogFormat;
  /** Whether stdout is a terminal; only the composition root knows (`process.stdout.isTTY`). */
  isTerminal?: boolean;
  /** Where lines go; defaults to stdout. Tests pass a stream to read them back. */
  destination?: pino.DestinationStream;
}

/** One root logger per process; components take `logger.child({ component })`. */
export function createLogger(settings: LoggerSettings): Logger {
  const options: LoggerOptions = {
    level: settings.level,
    base: { service: settings.service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['*.authorization', '*.password', '*.apiKey', '*.token'], censor: '[redacted]' },
  };
  if (settings.destination) {
    return pino(options, settings.destination);
  }
  if (resolveLogFormat(settings.format, settings.isTerminal === true) === 'pretty') {
    // Formatted in-process and written synchronously: no worker thread, nothing lost at exit.
    return pino(options, createPrettyDestination(process.stdout, settings.isTerminal === true));
  }
  return pino(options);
}
