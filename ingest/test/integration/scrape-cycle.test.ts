import { type FareObservation, routingKeys } from '@fareflow/shared';

import { HOUR_MS } from '../../src/domain/clock';
import { fareKeyOf } from '../../src/domain/to-fare-observation';
import { planScrapeJobs, scrapeTargetsOf } from '../../src/scheduling/scrape-planner';
import { scrapeJobQueue } from '../../src/scheduling/scrape-queue';
import { visibleFare } from '../../src/simulator/domain/inventory';
import { createPipelineHarness, type PipelineHarness } from '../support/pipeline-harness';

/** 20% of requests fail, mixed: 5xx, 429 + Retry-After, timeouts, malformed bodies, expired tokens. */
const MIXED_FAULTS = {
  serverErrorRate: 0.05,
  rateLimitRate: 0.04,
  retryAfterSeconds: 1,
  timeoutRate: 0.03,
  timeoutHangMs: 1_500,
  malformedRate: 0.04,
  expiredTokenRate: 0.04,
};
const HORIZON_DAYS = 5;
const CYCLE_TIMEOUT_MS = 60_000;

describe('scrape cycle over 10,000 flights with 20% mixed faults (real PostgreSQL + RabbitMQ)', () => {
  let harness: PipelineHarness;
  let jobsSoFar = 0;

  beforeAll(async () => {
    harness = await createPipelineHarness({
      flightsPerDay: 2_000,
      maxRoutes: 200,
      horizonDays: HORIZON_DAYS,
      faults: MIXED_FAULTS,
      httpTimeoutMs: 500,
      concurrency: 24,
    });
  }, CYCLE_TIMEOUT_MS);
  afterAll(() => harness.close(), CYCLE_TIMEOUT_MS);

  /** What a client of each flight's format can see right now, keyed like the observations. */
  function visibleNow(): Map<string, string> {
    const { schedule, inventory, clock } = harness.simulator.context;
    const visible = new Map<string, string>();
    for (let day = 0; day < HORIZON_DAYS; day += 1) {
      const date = new Date(clock.now() + day * 24 * HOUR_MS).toISOString().slice(0, 10);
      for (const route of schedule.routes) {
        for (const flight of schedule.flightsOnRoute(route.format, route.origin, route.destination, date)) {
          const quote = inventory.quote(flight, 'ECONOMY');
          if (
            flight.departureEpochMs > clock.now() &&
            flight.route.carrier === route.carrier &&
            (quote.seats > 0 || route.format === 'feed')
          ) {
            visible.set(`${flight.flightId}/ECONOMY`, visibleFare(route.format, quote));
          }
        }
      }
    }
    return visible;
  }

  /** The observation as the simulator's own record would write it. */
  function asVisible(observation: FareObservation, format: string): string {
    if (observation.seatsAvailable === 0 && format !== 'feed') {
      return 'sold-out';
    }
    const seats = format === 'duffel' ? 'open' : String(observation.seatsAvailable);
    return `${observation.price} ${observation.currency} seats=${seats}`;
  }

  async function runCycle(): Promise<FareObservation[]> {
    const before = harness.observed.length;
    jobsSoFar += await harness.runCycle();
    await harness.waitForJobs(jobsSoFar);
    await harness.waitForTap();
    return harness.observed.slice(before);
  }

  it(
    'first cycle publishes every visible fare once, as the simulator shows it, despite the faults',
    async () => {
      const expected = visibleNow();
      expect(harness.simulator.context.schedule.flightsPerDay * HORIZON_DAYS).toBe(10_000);

      const published = await runCycle();

      const keys = published.map((observation) => fareKeyOf(observation));
      expect(new Set(keys).size).toBe(published.length);
      expect(published.length).toBe(expected.size);
      expect(expected.size).toBeGreaterThan(9_000);
      for (const observation of published) {
        expect(asVisible(observation, observation.source)).toBe(expected.get(fareKeyOf(observation)));
        expect(observation.kind).toBe('change');
      }
      const faults = harness.simulator.context.faults.counts();
      const failed =
        faults['server-error'] + faults['rate-limit'] + faults.timeout + faults.malformed + faults['expired-token'];
      expect(failed / (failed + faults.none)).toBeGreaterThan(0.15);
      // Each observation went to the aggregator queue of its flight's region, under that region's key.
      const { regions, topology } = harness;
      for (const observation of published) {
        const region = regions.regionOfAirport(observation.origin);
        expect(harness.routingKeyOf.get(observation.observationId)).toBe(routingKeys.fareObservationIn(region));
      }
      for (const region of regions.regions) {
        const ofRegion = published.filter((observation) => regions.regionOfAirport(observation.origin) === region);
        expect(ofRegion.length).toBeGreaterThan(0);
        expect(await harness.queueDepth(topology.queues.aggregatorFaresIn(region).name)).toBe(ofRegion.length);
      }
      expect(await harness.queueDepth(harness.topology.deadLetterQueueOf(scrapeJobQueue(harness.topology).name))).toBe(
        0,
      );
    },
    CYCLE_TIMEOUT_MS,
  );

  it(
    'after six simulated hours, publishes exactly the changes the simulator recorded, each once',
    async () => {
      const { inventory } = harness.simulator.context;
      const { clock } = harness.simulator;
      const sinceSeq = inventory.lastSeq();
      clock.advance(6 * HOUR_MS);
      inventory.sweep();
      const record = inventory.changes(sinceSeq, 1_000_000);
      const recordedAfter = new Map(record.map((change) => [`${change.flightId}/${change.cabin}`, change.after]));
      expect(recordedAfter.size).toBe(record.length);
      expect(record.length).toBeGreaterThan(500);

      const published = await runCycle();

      expect(published.every((observation) => observation.kind === 'change')).toBe(true);
      const publishedKeys = published.map((observation) => fareKeyOf(observation));
      expect(new Set(publishedKeys).size).toBe(published.length);
      expect(new Set(publishedKeys)).toEqual(new Set(recordedAfter.keys()));
      for (const observation of published) {
        expect(asVisible(observation, observation.source)).toBe(recordedAfter.get(fareKeyOf(observation)));
      }
    },
    CYCLE_TIMEOUT_MS,
  );

  it(
    'after a restart, rescraping unchanged fares publishes nothing (no duplicate flood)',
    async () => {
      await harness.restart();
      const { schedule, clock } = harness.simulator.context;
      const jobs = planScrapeJobs({
        targets: scrapeTargetsOf(schedule.routes, (format) => format),
        nowMs: clock.now(),
        horizonDays: HORIZON_DAYS,
        jobTtlMs: HOUR_MS,
      });
      // A sample of every format keeps this short; the state that prevents the flood is per fare in PostgreSQL.
      const sample = (['amadeus', 'duffel', 'feed'] as const).flatMap((format) =>
        jobs.filter((job) => job.format === format).slice(0, 60),
      );
      const before = await harness.counterTotal(harness.metrics.published);

      const outcomes = [];
      for (const job of sample) {
        outcomes.push(await harness.runner().run(job));
      }

      expect(outcomes.every((outcome) => outcome === 'done')).toBe(true);
      expect(await harness.counterTotal(harness.metrics.published)).toBe(before);
      expect(
        await harness.counterTotal(harness.metrics.fetches, { source: 'feed', outcome: 'not_modified' }),
      ).toBeGreaterThan(0);
    },
    CYCLE_TIMEOUT_MS,
  );
});
