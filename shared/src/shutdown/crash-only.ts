import { coerceError } from '../errors';
import type { Logger } from '../logging';
import type { GracefulShutdown } from './graceful-shutdown';

/** The process events a crash comes through; `process` itself in production. */
export interface CrashSource {
  on(event: 'uncaughtException', listener: (error: unknown, origin: string) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

export interface CrashOptions {
  logger: Logger;
  shutdown: GracefulShutdown;
  /** After this long the process exits even if cleanup has not finished. */
  timeoutMs: number;
  exit: (code: number) => never;
  source?: CrashSource;
}

/** Exit code of a crash: non-zero, so the supervisor (`fareflow start`, docker's restart policy) restarts us. */
export const CRASH_EXIT_CODE = 70;

/**
 * Crash-only: an uncaught exception or an unhandled rejection is logged with its origin and the
 * error, then the process leaves through its staged shutdown (stop intake, let in-flight work
 * finish or be redelivered, close clients) and exits non-zero; the supervisor restarts it. We
 * never carry on after one: the state that threw is not known to be sound. A second crash during
 * the shutdown, or the timeout, exits at once. Only a composition root calls this.
 */
export function exitOnCrash({ logger, shutdown, timeoutMs, exit, source = process }: CrashOptions): void {
  let isCrashing = false;
  const onCrash = (kind: 'uncaughtException' | 'unhandledRejection', error: unknown, origin?: string) => {
    const err = coerceError(error);
    if (isCrashing) {
      logger.fatal({ err, kind, origin }, 'crashed again while shutting down: exiting now');
      return exit(CRASH_EXIT_CODE);
    }
    isCrashing = true;
    logger.fatal({ err, kind, origin }, `${kind}: shutting down (crash-only; the supervisor restarts us)`);
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown after a crash timed out: forcing exit');
      exit(CRASH_EXIT_CODE);
    }, timeoutMs);
    timer.unref();
    void shutdown.shutdown(kind).then(() => exit(CRASH_EXIT_CODE));
  };
  source.on('uncaughtException', (error, origin) => onCrash('uncaughtException', error, origin));
  source.on('unhandledRejection', (reason) => onCrash('unhandledRejection', reason));
}
