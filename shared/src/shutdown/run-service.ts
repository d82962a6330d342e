import { coerceError } from '../errors';
import { createLogger, type LogFormat, type Logger, type LoggerSettings } from '../logging';
import { type CrashSource, exitOnCrash } from './crash-only';
import { createGracefulShutdown, exitOnSignals, type GracefulShutdown } from './graceful-shutdown';

/** What every service's config has, whatever else it holds. */
export interface ServiceBaseConfig {
  LOG_LEVEL: LoggerSettings['level'];
  LOG_FORMAT?: LogFormat;
  SHUTDOWN_TIMEOUT_MS: number;
}

export interface ServiceContext<C> {
  config: C;
  logger: Logger;
  /** Register each resource right after creating it; they close in reverse order. */
  shutdown: GracefulShutdown;
}

export interface ServiceDefinition<C extends ServiceBaseConfig> {
  /** The `service` field of every log line; may depend on the config (e.g. the region). */
  name: string | ((config: C) => string);
  loadConfig(env: NodeJS.ProcessEnv): C;
  /** Builds the clients and starts intake; resolves once the service is running. */
  start(context: ServiceContext<C>): Promise<void>;
}

/** What only a composition root may touch: the environment and the process exit. */
export interface ProcessHooks {
  env: NodeJS.ProcessEnv;
  exit: (code: number) => never;
  writeError: (line: string) => void;
  /** Whether stdout is a terminal (readable log lines under LOG_FORMAT=auto); defaults to stdout's isTTY. */
  isTerminal?: boolean;
  /** Where uncaught exceptions and unhandled rejections come from; defaults to `process`. */
  crashes?: CrashSource;
}

/**
 * The shared start-up of every service process: load the config (a bad one is printed and
 * exits 1 before anything opens), build the logger and the staged shutdown, wire the signals,
 * then start. A start-up failure is logged, whatever was already opened is closed, and the
 * process exits 1. So does an uncaught exception or unhandled rejection at any time (crash-only:
 * state we did not expect is not trusted; the supervisor restarts the process).
 */
export function runService<C extends ServiceBaseConfig>(definition: ServiceDefinition<C>, hooks: ProcessHooks): void {
  let config: C;
  const fallbackName = typeof definition.name === 'string' ? definition.name : 'service';
  try {
    config = definition.loadConfig(hooks.env);
  } catch (error) {
    hooks.writeError(`${fallbackName} failed to start: ${coerceError(error).message}\n`);
    hooks.exit(1);
  }
  const service = typeof definition.name === 'string' ? definition.name : definition.name(config);
  const logger = createLogger({
    service,
    level: config.LOG_LEVEL,
    format: config.LOG_FORMAT,
    // The composition roots predate this hook; stdout is the process's own, as the env is.
    isTerminal: hooks.isTerminal ?? process.stdout.isTTY === true,
  });
  const shutdown = createGracefulShutdown(logger);
  exitOnSignals({ logger, shutdown, timeoutMs: config.SHUTDOWN_TIMEOUT_MS, exit: hooks.exit });
  exitOnCrash({
    logger,
    shutdown,
    timeoutMs: config.SHUTDOWN_TIMEOUT_MS,
    exit: hooks.exit,
    source: hooks.crashes ?? process,
  });
  definition.start({ config, logger, shutdown }).catch(async (error: unknown) => {
    logger.fatal({ err: coerceError(error) }, 'start-up failed');
    await shutdown.shutdown('start-up failed');
    hooks.exit(1);
  });
}
