import { type ScrapeJob, scrapeJobV1 } from '@fareflow/shared';

import { SourceRejectedError, SourceUnavailableError } from '../../../src/adapters/http/fetch-errors';
import { createManualClock } from '../../../src/domain/clock';
import { createTokenBucket } from '../../../src/domain/token-bucket';
import { fetchWithRetry } from '../../../src/scheduling/fetch-with-retry';
import { planScrapeJobs, scrapeTargetsOf } from '../../../src/scheduling/scrape-planner';

describe('planScrapeJobs', () => {
  const targets = scrapeTargetsOf(
    [
      { carrier: 'LH', format: 'amadeus', origin: 'FRA', destination: 'JFK' },
      { carrier: 'UA', format: 'amadeus', origin: 'FRA', destination: 'JFK' },
      { carrier: 'FR', format: 'feed', origin: 'STN', destination: 'DUB' },
      { carrier: 'FR', format: 'feed', origin: 'STN', destination: 'BCN' },
      { carrier: 'DL', format: 'duffel', origin: 'ATL', destination: 'LAX' },
    ],
    (format) => (format === 'duffel' ? undefined : format),
  );

  it('plans one scope per route for route searches, one per carrier and origin for feeds, skipping unconfigured formats', () => {
    expect(targets).toEqual([
      { source: 'amadeus', format: 'amadeus', origin: 'FRA', destination: 'JFK' },
      { source: 'feed', format: 'feed', carrier: 'FR', origin: 'STN' },
    ]);
  });

  it('plans valid scrape.job.v1 messages per scope and date, with stable keys across cycles', () => {
    const first = planScrapeJobs({
      targets,
      nowMs: Date.parse('2026-03-01T08:00:00Z'),
      horizonDays: 3,
      jobTtlMs: 60_000,
    });
    const second = planScrapeJobs({
      targets,
      nowMs: Date.parse('2026-03-01T08:10:00Z'),
      horizonDays: 3,
      jobTtlMs: 60_000,
    });
    expect(first).toHaveLength(6);
    expect(first.every((job) => scrapeJobV1.safeParse(job).success)).toBe(true);
    expect(first.map((job) => job.departureDate)).toEqual([
      '2026-03-01',
      '2026-03-01',
      '2026-03-02',
      '2026-03-02',
      '2026-03-03',
      '2026-03-03',
    ]);
    expect(first.map((job) => job.jobKey)).toEqual(second.map((job) => job.jobKey));
    expect(new Set([...first, ...second].map((job) => job.jobId)).size).toBe(12);
    expect(first[0]).toMatchObject({ jobKey: 'amadeus:*:FRA-JFK:2026-03-01', expiresAt: '2026-03-01T08:01:00.000Z' });
  });
});

describe('createTokenBucket', () => {
  it('lets a burst through, then spaces requests at the rate', () => {
    const clock = createManualClock(0);
    const bucket = createTokenBucket(10, 2, clock);
    expect([bucket.reserve(), bucket.reserve()]).toEqual([0, 0]);
    expect(bucket.reserve()).toBe(100);
    expect(bucket.reserve()).toBe(200);
    clock.advance(1_000);
    expect(bucket.tryTake()).toBe(true);
  });
});

describe('fetchWithRetry', () => {
  const job: ScrapeJob = (() => {
    const [first] = planScrapeJobs({
      targets: [{ source: 'amadeus', format: 'amadeus', origin: 'FRA', destination: 'JFK' }],
      nowMs: 0,
      horizonDays: 1,
      jobTtlMs: 1,
    });
    if (!first) {
      throw new Error('planner planned nothing');
    }
    return first;
  })();
  const policy = { maxAttempts: 4, backoff: (attempt: number) => attempt * 10, maxRetryAfterMs: 500 };
  const limiter = { reserve: () => 0, tryTake: () => true };

  function run(failures: Error[]) {
    const sleeps: number[] = [];
    let calls = 0;
    const promise = fetchWithRetry({
      source: {
        name: 'amadeus',
        format: 'amadeus',
        fetch: () => {
          const failure = failures[calls];
          calls += 1;
          return failure ? Promise.reject(failure) : Promise.resolve({ kind: 'not-modified' as const });
        },
      },
      limiter,
      job,
      etag: undefined,
      policy,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      onFailure: () => undefined,
    });
    return { promise, sleeps: () => sleeps.filter((ms) => ms > 0), calls: () => calls };
  }

  it('retries transient failures with backoff and honours Retry-After up to its cap', async () => {
    const attempt = run([
      new SourceUnavailableError('server_error', '503'),
      new SourceUnavailableError('rate_limited', '429', 2_000),
    ]);
    await expect(attempt.promise).resolves.toEqual({ kind: 'not-modified' });
    expect(attempt.calls()).toBe(3);
    expect(attempt.sleeps()).toEqual([10, 500]);
  });

  it('does not retry a permanent 4xx', async () => {
    const attempt = run([new SourceRejectedError('400 bad', 400)]);
    await expect(attempt.promise).rejects.toBeInstanceOf(SourceRejectedError);
    expect(attempt.calls()).toBe(1);
  });

  it('gives up after maxAttempts with the last transient error', async () => {
    const attempt = run(Array.from({ length: 5 }, () => new SourceUnavailableError('timeout', 'slow')));
    await expect(attempt.promise).rejects.toMatchObject({ code: 'timeout', isRetryable: true });
    expect(attempt.calls()).toBe(4);
  });
});
