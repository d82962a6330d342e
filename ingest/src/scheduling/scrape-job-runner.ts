import {
  AppError,
  type FareObservation,
  type Logger,
  PermanentError,
  type Publisher,
  RetryableError,
  routingKeys,
  type ScrapeJob,
  type SqlExecutor,
} from '@fareflow/shared';

import type { FareSource, FetchOutcome } from '../adapters/fare-source';
import { SEATS_WHEN_UNKNOWN } from '../adapters/parse-saved-response';
import { detectChanges } from '../domain/change-detection';
import type { Clock } from '../domain/clock';
import type { ParsedOffers } from '../domain/normalized-offer';
import { isSkipped } from '../domain/segment-times';
import { fareKeyOf, toFareObservation } from '../domain/to-fare-observation';
import type { TokenBucket } from '../domain/token-bucket';
import type { IngestMetrics } from '../metrics/ingest-metrics';
import { findFeedEtag, saveFeedEtag } from '../publishing/feed-etag.repository';
import { acquireJobLease, releaseJobLease } from '../publishing/job-lease.repository';
import {
  batchUpsertPublishedFares,
  deletePublishedFares,
  findPublishedFaresByJob,
  type PublishedFare,
} from '../publishing/published-fare.repository';
import { fetchWithRetry, type RetryPolicy } from './fetch-with-retry';

export interface SourceRuntime {
  source: FareSource;
  /** This worker's share of the airline's rate limit. */
  limiter: TokenBucket;
}

export interface ScrapeJobRunnerDeps {
  db: SqlExecutor;
  /** Publishes to the events exchange; its `prepare` declares the aggregator's fare queue of each region. */
  publisher: Publisher;
  /** The region whose queue gets a flight's observations (`fare.observation.v1.<region>`), by origin. */
  regionOfAirport: (iata: string) => string;
  sources: ReadonlyMap<string, SourceRuntime>;
  clock: Clock;
  metrics: IngestMetrics;
  logger: Logger;
  retry: RetryPolicy;
  heartbeatIntervalMs: number;
  /** Longer than a job can take with all its retries; a dead worker's lease runs out after it. */
  leaseMs: number;
  /** Identifies this worker in leases. */
  holder: string;
  sleep: (ms: number) => Promise<void>;
}

export type JobOutcome = 'done' | 'duplicate' | 'stale';

/**
 * Runs one scrape job: lease its scope, fetch (with retries), normalize, detect changes against
 * what was last published, publish with confirms, then remember what was published. If any
 * publish is not confirmed the job fails (retryably) after saving the confirmed ones, so a retry
 * republishes only the rest.
 */
export interface ScrapeJobRunner {
  run(job: ScrapeJob): Promise<JobOutcome>;
}

export function createScrapeJobRunner(deps: ScrapeJobRunnerDeps): ScrapeJobRunner {
  const { db, clock, metrics } = deps;

  async function scrape(job: ScrapeJob, runtime: SourceRuntime, logger: Logger): Promise<void> {
    // What was last published is read while the airline answers: one round trip less per job.
    const previousLoad = findPublishedFaresByJob(db, job.jobKey);
    previousLoad.catch(() => undefined);
    const etag = job.format === 'feed' ? await findFeedEtag(db, job.jobKey) : undefined;
    const outcome = await fetchWithRetry({
      source: runtime.source,
      limiter: runtime.limiter,
      job,
      etag,
      policy: deps.retry,
      sleep: deps.sleep,
      onFailure: (error) => {
        const cause = error instanceof AppError ? error.code : 'network';
        metrics.fetches.inc({ source: job.source, outcome: 'failed' });
        metrics.fetchFailures.inc({ source: job.source, cause });
        logger.debug({ cause, reason: error instanceof Error ? error.message : String(error) }, 'fetch failed');
      },
    });
    metrics.fetches.inc({ source: job.source, outcome: outcome.kind === 'offers' ? 'ok' : 'not_modified' });
    const nowMs = clock.now();
    const fresh = outcome.kind === 'offers' ? observe(outcome.parsed, job, nowMs, logger) : 'not-modified';
    const previous = await previousLoad;
    const detected = detectChanges({ fresh, previous, nowMs, heartbeatIntervalMs: deps.heartbeatIntervalMs });
    await deletePublishedFares(db, detected.departed);
    await publishAll(job, detected.publish, nowMs, logger);
    await rememberEtag(job, outcome);
  }

  function observe(parsed: ParsedOffers, job: ScrapeJob, nowMs: number, logger: Logger): FareObservation[] {
    const observedAt = new Date(nowMs).toISOString();
    const observations: FareObservation[] = [];
    const skipped = [...parsed.skipped];
    for (const offer of parsed.offers) {
      const result = toFareObservation(offer, { observedAt, kind: 'change', seatsWhenUnknown: SEATS_WHEN_UNKNOWN });
      if (isSkipped(result)) {
        skipped.push(result);
      } else {
        observations.push(result);
      }
    }
    for (const skip of skipped) {
      metrics.offersSkipped.inc({ source: job.source, reason: skip.code });
    }
    if (skipped.length > 0) {
      logger.warn({ skipped: skipped.length, first: skipped[0] }, 'offers skipped');
    }
    metrics.observations.inc({ source: job.source }, observations.length);
    return observations;
  }

  async function publishAll(job: ScrapeJob, messages: FareObservation[], nowMs: number, logger: Logger): Promise<void> {
    const results = await Promise.allSettled(
      messages.map((message) =>
        deps.publisher.publish(routingKeys.fareObservationIn(deps.regionOfAirport(message.origin)), message, {
          messageId: message.observationId,
        }),
      ),
    );
    const confirmed = messages.filter((_, index) => results[index]?.status === 'fulfilled');
    await batchUpsertPublishedFares(
      db,
      confirmed.map((message) => toPublishedFare(job.jobKey, message, nowMs)),
    );
    for (const message of confirmed) {
      metrics.published.inc({ source: job.source, kind: message.kind });
    }
    const failed = messages.length - confirmed.length;
    if (failed > 0) {
      logger.warn({ failed, confirmed: confirmed.length }, 'some observations were not confirmed');
      throw new RetryableError(
        'PUBLISH_NOT_CONFIRMED',
        `${failed} of ${messages.length} observations not confirmed by the broker`,
      );
    }
  }

  async function rememberEtag(job: ScrapeJob, outcome: FetchOutcome): Promise<void> {
    if (outcome.kind === 'offers' && outcome.etag) {
      await saveFeedEtag(db, job.jobKey, outcome.etag);
    }
  }

  return {
    async run(job) {
      const logger = deps.logger.child({ jobId: job.jobId, source: job.source });
      if (clock.now() > Date.parse(job.expiresAt)) {
        metrics.jobs.inc({ source: job.source, outcome: 'stale' });
        return 'stale';
      }
      const runtime = deps.sources.get(job.source);
      if (!runtime) {
        throw new PermanentError('UNKNOWN_SOURCE', `no source named ${job.source} is configured`);
      }
      if (!(await acquireJobLease(db, job.jobKey, deps.holder, deps.leaseMs))) {
        metrics.jobs.inc({ source: job.source, outcome: 'duplicate' });
        return 'duplicate';
      }
      try {
        await scrape(job, runtime, logger);
        metrics.jobs.inc({ source: job.source, outcome: 'done' });
        metrics.scrapeLag.observe(
          { source: job.source },
          Math.max(0, clock.now() - Date.parse(job.scheduledAt)) / 1000,
        );
        return 'done';
      } catch (error) {
        metrics.jobs.inc({ source: job.source, outcome: 'failed' });
        throw error;
      } finally {
        await releaseJobLease(db, job.jobKey, deps.holder).catch(() => undefined);
      }
    },
  };
}

function toPublishedFare(jobKey: string, observation: FareObservation, nowMs: number): PublishedFare {
  return {
    fareKey: fareKeyOf(observation),
    jobKey,
    price: observation.price,
    currency: observation.currency,
    seatsAvailable: observation.seatsAvailable,
    departureUtc: observation.departureUtc,
    observation,
    publishedAtMs: nowMs,
  };
}
