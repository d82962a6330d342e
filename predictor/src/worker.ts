import { coerceError, type Logger } from '@fareflow/shared';
import { schedule, type ScheduledTask } from 'node-cron';

import type { RunSummary } from './domain/ports';
import type { ForecastJob } from './jobs/forecast-job';

export interface PredictorWorkerDeps {
  job: ForecastJob;
  intervalMinutes: number;
  runOnStart: boolean;
  logger: Logger;
}

export interface PredictorWorker {
  start(): void;
  /** Runs the job now unless a run is in flight (then that run's result). */
  runNow(): Promise<RunSummary | undefined>;
  /** Stops scheduling and waits for an in-flight run to finish. Idempotent. */
  stop(): Promise<void>;
}

export function cronExpressionEvery(minutes: number): string {
  return `*/${minutes} * * * *`;
}

/** Schedules the forecast job every N minutes with node-cron; runs never overlap. */
export function createPredictorWorker(deps: PredictorWorkerDeps): PredictorWorker {
  let task: ScheduledTask | undefined;
  let running: Promise<RunSummary | undefined> | undefined;
  const logger = deps.logger.child({ component: 'scheduler' });

  const runNow = () => {
    if (running) {
      logger.warn('previous forecast run still in progress; this tick is skipped');
      return running;
    }
    running = deps.job
      .run()
      .catch((error: unknown) => {
        // The job logged and recorded the failure; the schedule carries on with the next tick.
        logger.debug({ err: coerceError(error) }, 'run failed');
        return undefined;
      })
      .finally(() => {
        running = undefined;
      });
    return running;
  };

  return {
    start() {
      task = schedule(cronExpressionEvery(deps.intervalMinutes), () => void runNow(), {
        name: 'predictor-forecast',
        noOverlap: true,
      });
      logger.info({ everyMinutes: deps.intervalMinutes }, 'forecast job scheduled');
      if (deps.runOnStart) {
        void runNow();
      }
    },
    runNow,
    async stop() {
      const current = task;
      task = undefined;
      await current?.stop();
      await running;
    },
  };
}
