import type { ScrapeJob } from '@fareflow/shared';
import axios from 'axios';

import { createAmadeusSource } from '../../../src/adapters/amadeus/amadeus-source';
import { createDuffelSource } from '../../../src/adapters/duffel/duffel-source';
import type { FareSource } from '../../../src/adapters/fare-source';
import { createFeedSource } from '../../../src/adapters/feed/feed-source';
import { SourceRejectedError, SourceUnavailableError } from '../../../src/adapters/http/fetch-errors';
import { createManualClock, HOUR_MS } from '../../../src/domain/clock';
import type { OfferFormat } from '../../../src/domain/normalized-offer';
import { planScrapeJobs, scrapeTargetsOf } from '../../../src/scheduling/scrape-planner';
import type { FaultSettings } from '../../../src/simulator/domain/faults';
import { createTestSimulator, SIM_START, TEST_CREDENTIALS } from '../../support/simulator-fixture';

type TestSimulator = ReturnType<typeof createTestSimulator>;
const running: TestSimulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((simulator) => simulator.app.close()));
});

async function startSimulator(
  faults: Partial<FaultSettings> = {},
): Promise<{ simulator: TestSimulator; baseUrl: string }> {
  const simulator = createTestSimulator({ flightsPerDay: 400, faults });
  running.push(simulator);
  return { simulator, baseUrl: await simulator.app.listen({ port: 0, host: '127.0.0.1' }) };
}

const http = (baseURL: string, timeout = 2_000) => axios.create({ baseURL, timeout, validateStatus: () => true });

function jobFor(simulator: TestSimulator, format: OfferFormat): ScrapeJob {
  const targets = scrapeTargetsOf(simulator.context.schedule.routes, (candidate) => candidate).filter(
    (target) => target.format === format,
  );
  const [job] = planScrapeJobs({
    targets: targets.slice(0, 1),
    nowMs: SIM_START + 2 * 24 * HOUR_MS,
    horizonDays: 1,
    jobTtlMs: HOUR_MS,
  });
  if (!job) {
    throw new Error(`no ${format} job`);
  }
  return job;
}

function amadeus(
  baseUrl: string,
  overrides: { clientSecret?: string; clock?: ReturnType<typeof createManualClock>; timeoutMs?: number } = {},
): FareSource {
  return createAmadeusSource({
    name: 'amadeus',
    http: http(`${baseUrl}/amadeus`, overrides.timeoutMs),
    clientId: TEST_CREDENTIALS.amadeusClientId,
    clientSecret: overrides.clientSecret ?? TEST_CREDENTIALS.amadeusClientSecret,
    clock: overrides.clock ?? createManualClock(SIM_START),
  });
}

describe('Amadeus source', () => {
  it('fetches offers with an OAuth2 token and gets a new token when the airline says it expired', async () => {
    const { simulator, baseUrl } = await startSimulator();
    const source = amadeus(baseUrl);
    const job = jobFor(simulator, 'amadeus');
    const first = await source.fetch(job);
    expect(first.kind === 'offers' && first.parsed.offers.length).toBeGreaterThan(0);

    // The airline's clock runs past the token's life; ours does not know: the 401 triggers a refresh.
    simulator.clock.advance(HOUR_MS);
    const second = await source.fetch(job);
    expect(second.kind).toBe('offers');
  });

  it('treats refused client credentials as permanent', async () => {
    const { simulator, baseUrl } = await startSimulator();
    const promise = amadeus(baseUrl, { clientSecret: 'wrong' }).fetch(jobFor(simulator, 'amadeus'));
    await expect(promise).rejects.toBeInstanceOf(SourceRejectedError);
  });

  it.each([
    ['5xx', { serverErrorRate: 1 }, 'server_error'],
    ['429', { rateLimitRate: 1, retryAfterSeconds: 3 }, 'rate_limited'],
    ['malformed payloads', { malformedRate: 1 }, 'malformed_response'],
    ['timeouts', { timeoutRate: 1, timeoutHangMs: 400 }, 'timeout'],
    ['expired tokens', { expiredTokenRate: 1 }, 'unauthorized'],
  ])('classifies injected %s as retryable (%s)', async (_name, faults, cause) => {
    const { simulator, baseUrl } = await startSimulator(faults);
    const error: unknown = await amadeus(baseUrl, { timeoutMs: 150 })
      .fetch(jobFor(simulator, 'amadeus'))
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(SourceUnavailableError);
    expect(error).toMatchObject({ code: cause, isRetryable: true });
    if (cause === 'rate_limited') {
      expect(error).toMatchObject({ retryAfterMs: 3_000 });
    }
  });

  it('skips one malformed offer with a reason and keeps the others', async () => {
    const { simulator, baseUrl } = await startSimulator({ malformedOfferRate: 1 });
    const outcome = await amadeus(baseUrl).fetch(jobFor(simulator, 'amadeus'));
    if (outcome.kind !== 'offers') {
      throw new Error('expected offers');
    }
    expect(outcome.parsed.skipped).toEqual([
      expect.objectContaining({ code: 'INVALID_OFFER', offerId: '1', message: expect.stringContaining('price') }),
    ]);
  });
});

describe('Duffel source', () => {
  it('sends the Duffel-Version header and reads the offers; a refused version is permanent', async () => {
    const { simulator, baseUrl } = await startSimulator();
    const job = jobFor(simulator, 'duffel');
    const good = createDuffelSource({
      name: 'duffel',
      http: http(`${baseUrl}/duffel`),
      accessToken: TEST_CREDENTIALS.duffelAccessToken,
      version: 'v2',
    });
    const outcome = await good.fetch(job);
    expect(outcome.kind === 'offers' && outcome.parsed.offers.length).toBeGreaterThan(0);

    const bad = createDuffelSource({
      name: 'duffel',
      http: http(`${baseUrl}/duffel`),
      accessToken: TEST_CREDENTIALS.duffelAccessToken,
      version: 'v0',
    });
    await expect(bad.fetch(job)).rejects.toMatchObject({ code: 'client_error', status: 400, isRetryable: false });
  });
});

describe('feed source', () => {
  it('sends If-None-Match and reports not-modified on 304', async () => {
    const { simulator, baseUrl } = await startSimulator();
    const source = createFeedSource({ name: 'feed', http: http(baseUrl) });
    const job = jobFor(simulator, 'feed');
    const first = await source.fetch(job);
    if (first.kind !== 'offers' || !first.etag) {
      throw new Error('expected offers with an ETag');
    }
    expect(first.parsed.offers.length).toBeGreaterThan(0);
    await expect(source.fetch(job, first.etag)).resolves.toEqual({ kind: 'not-modified' });
    await expect(source.fetch(job, '"stale"')).resolves.toMatchObject({ kind: 'offers' });
  });
});
