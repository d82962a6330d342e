import {
  type AmqpConnection,
  type Backoff,
  createConsumer,
  type Logger,
  scrapeJobV1,
  type Topology,
} from '@fareflow/shared';

import type { ScrapeJobRunner } from './scrape-job-runner';
import { scrapeJobQueue } from './scrape-queue';

export interface ScrapeWorkerOptions {
  connection: AmqpConnection;
  topology: Topology;
  runner: ScrapeJobRunner;
  logger: Logger;
  /** Jobs this worker runs at once (and the prefetch). */
  concurrency: number;
  /** Delay before a failed job goes back to the queue. */
  retryBackoff: Backoff;
}

export interface ScrapeWorker {
  start(): Promise<void>;
  /** Stops taking jobs and waits for the running ones. Idempotent. */
  stop(): Promise<void>;
}

/**
 * A scrape worker: takes jobs from the shared work queue (any number of workers share it),
 * acks each after its observations are confirmed; failures go back with backoff, then to the DLQ.
 */
export function createScrapeWorker(options: ScrapeWorkerOptions): ScrapeWorker {
  const consumer = createConsumer({
    connection: options.connection,
    topology: options.topology,
    queue: scrapeJobQueue(options.topology),
    schema: scrapeJobV1,
    logger: options.logger.child({ component: 'scrape-worker' }),
    prefetch: options.concurrency,
    batchSize: 1,
    batchWaitMs: 0,
    maxConcurrentBatches: options.concurrency,
    retryBackoff: options.retryBackoff,
    async handle(batch) {
      for (const delivery of batch) {
        await options.runner.run(delivery.message);
      }
    },
  });
  return { start: () => consumer.start(), stop: () => consumer.stop() };
}
