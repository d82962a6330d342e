import type { Logger } from '../logging';

export interface ShutdownStep {
  name: string;
  run: () => Promise<void> | void;
}

export interface GracefulShutdown {
  /**
   * Registers a cleanup. Steps run in reverse order of registration (last created, first
   * closed), so register each resource right after creating it.
   */
  register(name: string, run: ShutdownStep['run']): void;
  /** Runs every step once, even if earlier ones fail; resolves with the errors collected. */
  shutdown(reason: string): Promise<Error[]>;
}

export function createGracefulShutdown(logger: Logger): GracefulShutdown {
  const steps: ShutdownStep[] = [];
  let running: Promise<Error[]> | undefined;

  async function runSteps(reason: string): Promise<Error[]> {
    logger.info({ reason }, 'shutting down');
    const errors: Error[] = [];
    for (const step of [...steps].reverse()) {
      try {
        await step.run();
        logger.debug({ step: step.name }, 'closed');
      } catch (error) {
        const failure = error instanceof Error ? error : new Error(String(error));
        errors.push(failure);
        logger.error({ step: step.name, err: failure }, 'shutdown step failed');
      }
    }
    return errors;
  }

  return {
    register(name, run) {
      steps.push({ name, run });
    },
    shutdown(reason) {
      running ??= runSteps(reason);
      return running;
    },
  };
}

export interface SignalOptions {
  logger: Logger;
  shutdown: GracefulShutdown;
  /** After this long the process exits non-zero even if cleanup has not finished. */
  timeoutMs: number;
  exit: (code: number) => never;
}

/**
 * First SIGINT/SIGTERM starts the staged shutdown; a second signal, or the timeout, forces
 * exit with a non-zero code. Only a composition root calls this (it owns process exit).
 */
export function exitOnSignals({ logger, shutdown, timeoutMs, exit }: SignalOptions): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      logger.warn({ signal }, 'second signal: forcing exit');
      exit(130);
    }
    signalled = true;
    const timer = setTimeout(() => {
      logger.error({ timeoutMs }, 'shutdown timed out: forcing exit');
      exit(1);
    }, timeoutMs);
    timer.unref();
    void shutdown.shutdown(signal).then((errors) => exit(errors.length === 0 ? 0 : 1));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
