import { exponentialBackoff } from '@fareflow/shared';

import { type SweepDeps, sweepOnce } from '../use-cases/sweep-orders';
import { createPeriodicLoop, type PeriodicLoop } from './periodic-loop';

/** Runs the sweeper (hold expiry, crash recovery, refund retries) every `intervalMs`. */
export function createHoldSweeper(deps: SweepDeps & { intervalMs: number }): PeriodicLoop {
  return createPeriodicLoop({
    name: 'hold-sweeper',
    logger: deps.logger.child({ component: 'hold-sweeper' }),
    intervalMs: deps.intervalMs,
    errorBackoff: exponentialBackoff({ baseMs: 500, capMs: 10_000 }),
    async tick() {
      const report = await sweepOnce(deps);
      return report.expired === deps.batchSize;
    },
  });
}
