import { type Backoff, coerceError, type Logger } from '@fareflow/shared';

export interface PeriodicLoop {
  start(): void;
  /** Stops after the current tick; idempotent. */
  stop(): Promise<void>;
}

export interface PeriodicLoopOptions {
  name: string;
  logger: Logger;
  /** Pause after an idle tick (one that returned false). A busy tick (true) runs again at once. */
  intervalMs: number;
  /** Pause after a failed tick, by consecutive failure count. */
  errorBackoff: Backoff;
  tick: () => Promise<boolean>;
}

/** Runs `tick` until stopped; the pause between ticks can be cut short by `stop()`. */
export function createPeriodicLoop(options: PeriodicLoopOptions): PeriodicLoop {
  let running: Promise<void> | undefined;
  let isStopping = false;
  let wake: (() => void) | undefined;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function run(): Promise<void> {
    let failures = 0;
    while (!isStopping) {
      try {
        const isBusy = await options.tick();
        failures = 0;
        if (!isBusy) {
          await pause(options.intervalMs);
        }
      } catch (error) {
        failures += 1;
        options.logger.warn({ err: coerceError(error), loop: options.name, failures }, 'loop tick failed');
        await pause(options.errorBackoff(failures));
      }
    }
  }

  return {
    start() {
      running ??= run();
    },
    async stop() {
      isStopping = true;
      wake?.();
      await running;
    },
  };
}
