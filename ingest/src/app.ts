import {
  type AmqpConnection,
  type Backoff,
  type Logger,
  type Publisher,
  type RegionRouter,
  type SqlExecutor,
  type Topology,
} from '@fareflow/shared';

import type { FareSource } from './adapters/fare-source';
import type { Clock } from './domain/clock';
import { createTokenBucket } from './domain/token-bucket';
import type { IngestMetrics } from './metrics/ingest-metrics';
import { createFarePublisher } from './publishing/fare-publisher';
import type { RetryPolicy } from './scheduling/fetch-with-retry';
import { createScrapeJobRunner, type ScrapeJobRunner, type SourceRuntime } from './scheduling/scrape-job-runner';
import type { ScrapeTarget } from './scheduling/scrape-planner';
import { createScrapeProducer, type ScrapeProducer } from './scheduling/scrape-producer';
import { createScrapeWorker, type ScrapeWorker } from './scheduling/scrape-worker';

export interface RateLimitedSource {
  source: FareSource;
  ratePerSecond: number;
}

export interface IngestPipelineDeps {
  db: SqlExecutor;
  connection: AmqpConnection;
  topology: Topology;
  /** Which region's queue each observation goes to. */
  regions: RegionRouter;
  clock: Clock;
  logger: Logger;
  metrics: IngestMetrics;
  sources: readonly RateLimitedSource[];
  targets: readonly ScrapeTarget[];
  settings: {
    isCronEnabled: boolean;
    isWorkerEnabled: boolean;
    cronExpression: string;
    isRunOnStart: boolean;
    horizonDays: number;
    jobTtlMs: number;
    maxBacklog: number;
    concurrency: number;
    retry: RetryPolicy;
    jobRetryBackoff: Backoff;
    heartbeatIntervalMs: number;
    leaseMs: number;
    holder: string;
  };
}

/** Ingest as a start/stop-able unit: the cron producer, a scrape worker, and their publisher. */
export interface IngestPipeline {
  producer: ScrapeProducer;
  runner: ScrapeJobRunner;
  start(): Promise<void>;
  /** Stops the cron, then the worker (waiting for running jobs), then the publisher. Idempotent. */
  stop(): Promise<void>;
}

export async function createIngestPipeline(deps: IngestPipelineDeps): Promise<IngestPipeline> {
  const { connection, topology, logger, settings } = deps;
  const publisher: Publisher = await createFarePublisher({ connection, topology, regions: deps.regions, logger });
  const sources = new Map<string, SourceRuntime>(
    deps.sources.map(({ source, ratePerSecond }) => [
      source.name,
      {
        source,
        limiter: createTokenBucket(ratePerSecond, Math.max(1, Math.ceil(ratePerSecond)), { now: () => Date.now() }),
      },
    ]),
  );
  const runner = createScrapeJobRunner({
    db: deps.db,
    publisher,
    regionOfAirport: deps.regions.regionOfAirport,
    sources,
    clock: deps.clock,
    metrics: deps.metrics,
    logger: logger.child({ component: 'scrape-job' }),
    retry: settings.retry,
    heartbeatIntervalMs: settings.heartbeatIntervalMs,
    leaseMs: settings.leaseMs,
    holder: settings.holder,
    sleep: (ms) => (ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve()),
  });
  const worker: ScrapeWorker = createScrapeWorker({
    connection,
    topology,
    runner,
    logger,
    concurrency: settings.concurrency,
    retryBackoff: settings.jobRetryBackoff,
  });
  const producer = await createScrapeProducer({
    connection,
    topology,
    clock: deps.clock,
    logger: logger.child({ component: 'scrape-cron' }),
    metrics: deps.metrics,
    targets: deps.targets,
    horizonDays: settings.horizonDays,
    jobTtlMs: settings.jobTtlMs,
    cronExpression: settings.cronExpression,
    isRunOnStart: settings.isRunOnStart,
    maxBacklog: settings.maxBacklog,
  });
  let isStopped = false;
  return {
    producer,
    runner,
    async start() {
      if (settings.isWorkerEnabled) {
        await worker.start();
      }
      if (settings.isCronEnabled) {
        await producer.start();
      }
    },
    async stop() {
      if (isStopped) {
        return;
      }
      isStopped = true;
      await producer.stop();
      await worker.stop();
      await publisher.close();
    },
  };
}
