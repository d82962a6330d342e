import {
  type AmqpConnection,
  coerceError,
  createPublisher,
  declareQueue,
  type Logger,
  type Publisher,
  scrapeJobRoutingKey,
  type Topology,
} from '@fareflow/shared';
import cron, { type ScheduledTask } from 'node-cron';

import type { Clock } from '../domain/clock';
import type { IngestMetrics } from '../metrics/ingest-metrics';
import { planScrapeJobs, type ScrapeTarget } from './scrape-planner';
import { scrapeJobQueue } from './scrape-queue';

export interface ScrapeProducerOptions {
  connection: AmqpConnection;
  topology: Topology;
  clock: Clock;
  logger: Logger;
  metrics: IngestMetrics;
  targets: readonly ScrapeTarget[];
  horizonDays: number;
  jobTtlMs: number;
  /** node-cron expression, e.g. `*\/5 * * * *`. */
  cronExpression: string;
  /** Plan a cycle right away at start instead of waiting for the first cron tick. */
  isRunOnStart: boolean;
  /** Skip a cycle while more jobs than this still wait: workers are behind, don't pile on. */
  maxBacklog: number;
}

export interface ScrapeProducer {
  /** Plans and enqueues one cycle now (the cron calls this); returns how many jobs went out. */
  runCycle(): Promise<number>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The cron side: every tick, plans one job per scope and date and puts them on the work queue
 * (confirmed). Overlapping ticks are skipped by node-cron; a backlog skips the cycle.
 */
export async function createScrapeProducer(options: ScrapeProducerOptions): Promise<ScrapeProducer> {
  const { connection, topology, logger, metrics } = options;
  const queue = scrapeJobQueue(topology);
  const publisher: Publisher = await createPublisher({
    connection,
    exchange: topology.eventsExchange,
    logger,
    prepare: (channel) => declareQueue(channel, topology, queue),
  });
  let task: ScheduledTask | undefined;

  async function backlog(): Promise<number> {
    const channel = await connection.createConfirmChannel();
    try {
      return (await channel.checkQueue(queue.name)).messageCount;
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  async function runCycle(): Promise<number> {
    const waiting = await backlog();
    if (waiting > options.maxBacklog) {
      metrics.cyclesSkipped.inc({ reason: 'backlog' });
      logger.warn({ waiting }, 'scrape cycle skipped: workers are behind');
      return 0;
    }
    const jobs = planScrapeJobs({
      targets: options.targets,
      nowMs: options.clock.now(),
      horizonDays: options.horizonDays,
      jobTtlMs: options.jobTtlMs,
    });
    for (let start = 0; start < jobs.length; start += 500) {
      const chunk = jobs.slice(start, start + 500);
      await Promise.all(chunk.map((job) => publisher.publish(scrapeJobRoutingKey, job, { messageId: job.jobId })));
      for (const job of chunk) {
        metrics.jobsPlanned.inc({ source: job.source });
      }
    }
    logger.info({ jobs: jobs.length }, 'scrape cycle planned');
    return jobs.length;
  }

  return {
    runCycle,
    async start() {
      task = cron.schedule(
        options.cronExpression,
        async () => {
          await runCycle().catch((error: unknown) => logger.error({ err: coerceError(error) }, 'scrape cycle failed'));
        },
        { name: 'scrape-cycle', noOverlap: true },
      );
      if (options.isRunOnStart) {
        void runCycle().catch((error: unknown) => logger.error({ err: coerceError(error) }, 'scrape cycle failed'));
      }
    },
    async stop() {
      await task?.stop();
      await task?.destroy();
      await publisher.close();
    },
  };
}
