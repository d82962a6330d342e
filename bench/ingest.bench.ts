/**
 * `npm run bench -- ingest [--flights-per-day N] [--max-routes R] [--horizon-days D] [--concurrency C]`
 *
 * One scrape worker against the airline simulator (no faults), through real PostgreSQL and
 * RabbitMQ with publisher confirms. Cycle 1 publishes every fare (all changes); after six
 * simulated hours, cycle 2 publishes only what moved. Prints observations/s and changes/s per
 * cycle, and two baselines measured in the same run with the same concurrency: the raw HTTP rate
 * of the simulator (same requests, bodies not even parsed) and the raw confirmed-publish rate of
 * the broker (same message size). The ratios say what scraping costs on top of each.
 */
import { Agent } from 'node:http';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';

import {
  createAmqpConnection,
  createPublisher,
  createTopology,
  declareQueue,
  routingKeys,
  type ScrapeJob,
} from '@fareflow/shared';
import { silentLogger, TEST_AMQP_URL, uniqueName } from '@fareflow/shared/test/support/test-resources';
import axios, { type AxiosInstance } from 'axios';

import { HOUR_MS } from '../ingest/src/domain/clock';
import { planScrapeJobs, scrapeTargetsOf } from '../ingest/src/scheduling/scrape-planner';
import { createPipelineHarness, type PipelineHarness } from '../ingest/test/support/pipeline-harness';
import { TEST_CREDENTIALS } from '../ingest/test/support/simulator-fixture';

const { values } = parseArgs({
  options: {
    'flights-per-day': { type: 'string', default: '4000' },
    'max-routes': { type: 'string', default: '400' },
    'horizon-days': { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '16' },
  },
});
const flightsPerDay = Number(values['flights-per-day']);
const horizonDays = Number(values['horizon-days']);
const concurrency = Number(values.concurrency);

async function timedCycle(harness: PipelineHarness, jobsBefore: number) {
  const published = () => harness.counterTotal(harness.metrics.published);
  const observations = () => harness.counterTotal(harness.metrics.observations);
  const [publishedBefore, observationsBefore] = [await published(), await observations()];
  const started = process.hrtime.bigint();
  const jobs = await harness.runCycle();
  await harness.waitForJobs(jobsBefore + jobs, 600_000);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const changes = (await published()) - publishedBefore;
  const observed = (await observations()) - observationsBefore;
  return {
    jobs,
    seconds,
    observed,
    changes,
    observationsPerSecond: observed / seconds,
    changesPerSecond: changes / seconds,
  };
}

/** The same requests the worker makes, `concurrency` at a time, bodies left as text. */
async function rawFetchRate(harness: PipelineHarness, jobs: ScrapeJob[]) {
  const http: AxiosInstance = axios.create({
    baseURL: harness.baseUrl,
    responseType: 'text',
    httpAgent: new Agent({ keepAlive: true, maxSockets: 64 }),
  });
  const token = await http.post<string>(
    '/amadeus/v1/security/oauth2/token',
    `grant_type=client_credentials&client_id=${TEST_CREDENTIALS.amadeusClientId}&client_secret=${TEST_CREDENTIALS.amadeusClientSecret}`,
    { headers: { 'content-type': 'application/x-www-form-urlencoded' } },
  );
  const accessToken = (JSON.parse(token.data) as { access_token: string }).access_token;
  const request = (job: ScrapeJob) => {
    if (job.format === 'amadeus') {
      return http.get('/amadeus/v2/shopping/flight-offers', {
        headers: { authorization: `Bearer ${accessToken}` },
        params: {
          originLocationCode: job.origin,
          destinationLocationCode: job.destination,
          departureDate: job.departureDate,
          adults: 1,
          nonStop: true,
        },
      });
    }
    if (job.format === 'duffel') {
      const body = {
        data: {
          slices: [{ origin: job.origin, destination: job.destination, departure_date: job.departureDate }],
          passengers: [{ type: 'adult' }],
        },
      };
      return http.post('/duffel/air/offer_requests', body, {
        headers: { authorization: `Bearer ${TEST_CREDENTIALS.duffelAccessToken}`, 'duffel-version': 'v2' },
      });
    }
    return http.get('/feed/v1/fares', {
      params: { carrier: job.carrier, origin: job.origin, date: job.departureDate },
    });
  };
  const queue = [...jobs];
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let job = queue.shift(); job; job = queue.shift()) {
        await request(job);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { requests: jobs.length, seconds, requestsPerSecond: jobs.length / seconds };
}

/** Confirmed publishes of observation-sized messages into a quorum queue, many in flight. */
async function rawPublishRate(sample: unknown, count: number) {
  const logger = silentLogger();
  const topology = createTopology(uniqueName('t-bench-'));
  const routingKey = routingKeys.fareObservationIn('eu');
  const queue = topology.queue('sink', [routingKey]);
  const connection = createAmqpConnection({ url: TEST_AMQP_URL, logger, connectionName: 'bench-baseline' });
  await connection.start();
  const publisher = await createPublisher({
    connection,
    exchange: topology.eventsExchange,
    logger,
    prepare: (channel) => declareQueue(channel, topology, queue),
  });
  const started = process.hrtime.bigint();
  for (let start = 0; start < count; start += 500) {
    const size = Math.min(500, count - start);
    await Promise.all(
      Array.from({ length: size }, (_, index) =>
        publisher.publish(routingKey, sample, { messageId: `bench-${start + index}` }),
      ),
    );
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await publisher.close();
  const channel = await connection.createConfirmChannel();
  await channel.deleteQueue(queue.name);
  await channel.deleteQueue(topology.deadLetterQueueOf(queue.name));
  await channel.deleteExchange(topology.eventsExchange);
  await channel.deleteExchange(topology.deadLetterExchange);
  await connection.close();
  return { messages: count, seconds, messagesPerSecond: count / seconds };
}

async function main(): Promise<void> {
  const harness = await createPipelineHarness({
    flightsPerDay,
    maxRoutes: Number(values['max-routes']),
    horizonDays,
    concurrency,
    httpTimeoutMs: 10_000,
  });
  try {
    const load = loadavg()[0]?.toFixed(1);
    console.log(
      `ingest bench: ${flightsPerDay} flights/day x ${horizonDays} days (economy), 1 scrape worker, concurrency ${concurrency}, ${cpus().length} cores, load ${load}`,
    );
    const first = await timedCycle(harness, 0);
    const { clock } = harness.simulator;
    const { inventory } = harness.simulator.context;
    clock.advance(6 * HOUR_MS);
    inventory.sweep();
    const second = await timedCycle(harness, first.jobs);
    const jobs = planScrapeJobs({
      targets: scrapeTargetsOf(harness.simulator.context.schedule.routes, (format) => format),
      nowMs: clock.now(),
      horizonDays,
      jobTtlMs: HOUR_MS,
    });
    const fetchBaseline = await rawFetchRate(harness, jobs);
    const publishBaseline = await rawPublishRate(
      harness.observed[0] ?? {},
      Math.max(2_000, Math.min(first.changes, 10_000)),
    );
    const offersPerRequest = first.observed / first.jobs;
    const rawObservationsPerSecond = fetchBaseline.requestsPerSecond * offersPerRequest;

    const rows = [
      ['cycle 1 (all new)', first],
      ['cycle 2 (+6 h)', second],
    ] as const;
    for (const [name, cycle] of rows) {
      console.log(
        `${name.padEnd(18)} ${cycle.jobs} jobs in ${cycle.seconds.toFixed(1)} s: ${cycle.observationsPerSecond.toFixed(0)} observations/s, ${cycle.changesPerSecond.toFixed(0)} changes/s (${cycle.changes} published)`,
      );
    }
    console.log(
      `baseline: raw simulator HTTP ${fetchBaseline.requestsPerSecond.toFixed(0)} requests/s (~${rawObservationsPerSecond.toFixed(0)} offers/s at ${offersPerRequest.toFixed(1)} offers/request)`,
    );
    console.log(
      `baseline: raw confirmed publish ${publishBaseline.messagesPerSecond.toFixed(0)} messages/s (${publishBaseline.messages} messages)`,
    );
    console.log(
      `ratio: cycle 2 observations/s / raw HTTP offers/s = ${(second.observationsPerSecond / rawObservationsPerSecond).toFixed(2)}`,
    );
    console.log(
      `ratio: cycle 1 changes/s / raw confirmed publishes/s = ${(first.changesPerSecond / publishBaseline.messagesPerSecond).toFixed(2)}`,
    );
  } finally {
    await harness.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
