import { Agent } from 'node:http';

import {
  type AmqpConnection,
  createAmqpConnection,
  createRegionRouter,
  createTopology,
  declareQueue,
  defaultRegionMapping,
  type FareObservation,
  fareObservationV1,
  routingKeys,
  type Topology,
} from '@fareflow/shared';
import {
  createTestDatabase,
  silentLogger,
  TEST_AMQP_URL,
  type TestDatabase,
  uniqueName,
} from '@fareflow/shared/test/support/test-resources';
import amqp, { type ChannelModel } from 'amqplib';
import axios from 'axios';
import { Registry } from 'prom-client';

import { createAmadeusSource } from '../../src/adapters/amadeus/amadeus-source';
import { createDuffelSource } from '../../src/adapters/duffel/duffel-source';
import { createFeedSource } from '../../src/adapters/feed/feed-source';
import { createIngestPipeline, type IngestPipeline } from '../../src/app';
import { createIngestMetrics, type IngestMetrics } from '../../src/metrics/ingest-metrics';
import { scrapeTargetsOf } from '../../src/scheduling/scrape-planner';
import { scrapeJobQueue } from '../../src/scheduling/scrape-queue';
import type { FaultSettings } from '../../src/simulator/domain/faults';
import { createTestSimulator, TEST_CREDENTIALS } from './simulator-fixture';

export interface HarnessOptions {
  flightsPerDay: number;
  maxRoutes?: number;
  horizonDays: number;
  faults?: Partial<FaultSettings>;
  concurrency?: number;
  httpTimeoutMs?: number;
  heartbeatIntervalMs?: number;
}

/**
 * The whole scrape path against real PostgreSQL and RabbitMQ: the simulator on a free port, a
 * fresh schema, a unique AMQP prefix, one scrape worker, and a test queue bound to the events
 * exchange that records every fare.observation.v1 the pipeline publishes (any region), with its routing key.
 */
export async function createPipelineHarness(options: HarnessOptions) {
  const logger = silentLogger();
  const simulator = createTestSimulator({
    flightsPerDay: options.flightsPerDay,
    cabins: ['ECONOMY'],
    ...(options.maxRoutes === undefined ? {} : { maxRoutes: options.maxRoutes }),
    faults: options.faults ?? {},
  });
  const baseUrl = await simulator.app.listen({ port: 0, host: '127.0.0.1' });
  const database: TestDatabase = await createTestDatabase();
  const topology: Topology = createTopology(uniqueName('t-ingest-'));
  const connection: AmqpConnection = createAmqpConnection({
    url: TEST_AMQP_URL,
    logger,
    connectionName: 'ingest-test',
  });
  await connection.start();

  const regions = createRegionRouter(defaultRegionMapping);
  const observed: FareObservation[] = [];
  /** Routing key of each observed message, by observation id. */
  const routingKeyOf = new Map<string, string>();
  const inspector: ChannelModel = await amqp.connect(TEST_AMQP_URL);
  const tap = await inspector.createChannel();
  const tapQueue = topology.queue('test.observations', [routingKeys.fareObservationAnyRegion]);
  await declareQueue(tap, topology, tapQueue);
  await tap.consume(
    tapQueue.name,
    (message) => {
      if (message) {
        const observation = fareObservationV1.parse(JSON.parse(message.content.toString('utf8')));
        observed.push(observation);
        routingKeyOf.set(observation.observationId, message.fields.routingKey);
      }
    },
    { noAck: true },
  );

  const registry = new Registry();
  const metrics: IngestMetrics = createIngestMetrics(registry);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const http = (path: string) =>
    axios.create({
      baseURL: `${baseUrl}${path}`,
      timeout: options.httpTimeoutMs ?? 1_000,
      validateStatus: () => true,
      httpAgent: agent,
    });
  const fast = 100_000;
  const buildPipeline = (): Promise<IngestPipeline> =>
    createIngestPipeline({
      db: database.pool,
      connection,
      topology,
      regions,
      clock: simulator.clock,
      logger,
      metrics,
      sources: [
        {
          source: createAmadeusSource({
            name: 'amadeus',
            http: http('/amadeus'),
            clientId: TEST_CREDENTIALS.amadeusClientId,
            clientSecret: TEST_CREDENTIALS.amadeusClientSecret,
            clock: simulator.clock,
          }),
          ratePerSecond: fast,
        },
        {
          source: createDuffelSource({
            name: 'duffel',
            http: http('/duffel'),
            accessToken: TEST_CREDENTIALS.duffelAccessToken,
            version: 'v2',
          }),
          ratePerSecond: fast,
        },
        { source: createFeedSource({ name: 'feed', http: http('') }), ratePerSecond: fast },
      ],
      targets: scrapeTargetsOf(simulator.context.schedule.routes, (format) => format),
      settings: {
        isCronEnabled: false,
        isWorkerEnabled: true,
        cronExpression: '* * * * *',
        isRunOnStart: false,
        horizonDays: options.horizonDays,
        jobTtlMs: 3_600_000,
        maxBacklog: 1_000_000,
        concurrency: options.concurrency ?? 16,
        retry: { maxAttempts: 6, backoff: (attempt) => Math.min(100, 5 * 2 ** attempt), maxRetryAfterMs: 20 },
        jobRetryBackoff: () => 50,
        heartbeatIntervalMs: options.heartbeatIntervalMs ?? 365 * 86_400_000,
        leaseMs: 120_000,
        holder: 'test-worker',
      },
    });
  let pipeline = await buildPipeline();
  await pipeline.start();

  /** Stops the pipeline and builds a new one on the same database and broker: a restart. */
  async function restart(): Promise<void> {
    await pipeline.stop();
    pipeline = await buildPipeline();
    await pipeline.start();
  }

  async function counterTotal(
    counter: { get(): Promise<{ values: { value: number; labels: Record<string, unknown> }[] }> },
    labels: Record<string, string> = {},
  ) {
    const { values } = await counter.get();
    return values
      .filter((value) => Object.entries(labels).every(([key, expected]) => value.labels[key] === expected))
      .reduce((sum, value) => sum + value.value, 0);
  }

  /** Resolves once `count` jobs have finished (any outcome but failed), or throws after `timeoutMs`. */
  async function waitForJobs(count: number, timeoutMs = 50_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const finished = (await counterTotal(metrics.jobs)) - (await counterTotal(metrics.jobs, { outcome: 'failed' }));
      if (finished >= count) {
        return;
      }
      if (Date.now() > deadline) {
        throw new Error(`only ${finished} of ${count} scrape jobs finished in ${timeoutMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Waits until the tap has seen every confirmed publish (confirmed = routed to every bound queue). */
  async function waitForTap(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (observed.length < (await counterTotal(metrics.published))) {
      if (Date.now() > deadline) {
        throw new Error(
          `tap saw ${observed.length} of ${await counterTotal(metrics.published)} published observations`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  async function queueDepth(name: string): Promise<number> {
    const channel = await inspector.createChannel();
    try {
      return (await channel.checkQueue(name)).messageCount;
    } finally {
      await channel.close();
    }
  }

  async function close(): Promise<void> {
    await pipeline.stop();
    const channel = await inspector.createChannel();
    const jobs = scrapeJobQueue(topology);
    const fareQueues = regions.regions.map((region) => topology.queues.aggregatorFaresIn(region).name);
    for (const name of [jobs.name, tapQueue.name, ...fareQueues]) {
      await channel.deleteQueue(name).catch(() => undefined);
      await channel.deleteQueue(topology.deadLetterQueueOf(name)).catch(() => undefined);
    }
    await channel.deleteExchange(topology.eventsExchange).catch(() => undefined);
    await channel.deleteExchange(topology.deadLetterExchange).catch(() => undefined);
    await inspector.close();
    await connection.close();
    agent.destroy();
    await simulator.app.close();
    await database.drop();
  }

  return {
    simulator,
    baseUrl,
    database,
    topology,
    regions,
    runCycle: () => pipeline.producer.runCycle(),
    runner: () => pipeline.runner,
    restart,
    metrics,
    observed,
    routingKeyOf,
    counterTotal,
    waitForJobs,
    waitForTap,
    queueDepth,
    close,
  };
}

export type PipelineHarness = Awaited<ReturnType<typeof createPipelineHarness>>;
