import { coerceError, type Logger } from '@fareflow/shared';

export interface PartitionMaintenanceDeps {
  store: { ensureAhead(nowMs: number, monthsAhead: number): Promise<void> };
  logger: Logger;
  monthsAhead: number;
  intervalMs: number;
  now: () => number;
}

export interface PartitionMaintenance {
  /** Creates the partitions ahead now (failing start-up if it cannot), then every `intervalMs`. */
  start(): Promise<void>;
  stop(): void;
}

/**
 * Keeps monthly history partitions ahead of time so writes never wait on DDL. Writes for a month
 * not covered (late or replayed data) still work: the store creates the partition on demand.
 */
export function createPartitionMaintenance(deps: PartitionMaintenanceDeps): PartitionMaintenance {
  let timer: NodeJS.Timeout | undefined;
  return {
    async start() {
      await deps.store.ensureAhead(deps.now(), deps.monthsAhead);
      timer ??= setInterval(() => {
        deps.store
          .ensureAhead(deps.now(), deps.monthsAhead)
          .catch((error: unknown) =>
            deps.logger.error({ err: coerceError(error) }, 'creating partitions ahead failed'),
          );
      }, deps.intervalMs);
      timer.unref();
    },
    stop() {
      clearInterval(timer);
      timer = undefined;
    },
  };
}
