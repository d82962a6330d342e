/**
 * `npm run bench -- pipeline [--messages N] [--batch-size B] [--concurrent-batches C] [--cassandra-concurrency W]`
 *
 * Pushes N fare changes through RabbitMQ -> aggregator -> PostgreSQL history + Cassandra, and
 * measures in the same run each piece alone (the baselines): RabbitMQ publish+consume with confirms,
 * PostgreSQL batched inserts, Cassandra prepared writes. Prints sustained changes/s, end-to-end lag
 * (observedAt -> committed in both stores) p50/p99, and the pipeline's ratio to the slowest piece.
 * A separate publisher process (`support/fare-publisher.ts`) feeds the regional queues (half eu, half us), as
 * ingest would; the aggregator consumes each with its own consumer.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';

import {
  createAmqpConnection,
  createLogger,
  createRegionResolver,
  createTopology,
  declareQueue,
  defaultRegionMapping,
} from '@fareflow/shared';
import {
  createTestDatabase,
  createTestKeyspaces,
  silentLogger,
  TEST_AMQP_URL,
  type TestDatabase,
  type TestKeyspaces,
  uniqueName,
} from '@fareflow/shared/test/support/test-resources';

import { createCassandraCurrentFareStore } from '../aggregator/src/adapters/cassandra-current-fare.store';
import { createPgPriceHistoryStore } from '../aggregator/src/adapters/pg-price-history.store';
import { batchInsertPriceObservations } from '../aggregator/src/adapters/price-observation.repository';
import { createAggregator } from '../aggregator/src/app';
import { planFareWrite } from '../aggregator/src/domain/fare-write';
import type { AggregatorMetrics } from '../aggregator/src/domain/ports';
import { createRegionRouting } from '../aggregator/src/domain/region-routing';
import { createPartitionMaintenance } from '../aggregator/src/partition-maintenance';
import { benchRegions, fareChange, publisherResult, spawnPublisher } from './support/fare-publisher';
import { coresUsed, type CpuSample, sampleCpuByGroup } from './support/process-cpu';
import { quantile, ratePerSecond } from './support/stats';

const { values: args } = parseArgs({
  options: {
    messages: { type: 'string', default: '60000' },
    'raw-messages': { type: 'string', default: '30000' },
    flights: { type: 'string', default: '5000' },
    'batch-size': { type: 'string', default: '1000' },
    'concurrent-batches': { type: 'string', default: '2' },
    'cassandra-concurrency': { type: 'string', default: '64' },
    'paced-rate': { type: 'string', default: '0' },
    'paced-seconds': { type: 'string', default: '15' },
    only: { type: 'string', default: 'all' },
    'log-level': { type: 'string', default: 'warn' },
  },
});
const int = (name: keyof typeof args) => Number(args[name]);
const settings = {
  messages: int('messages'),
  rawMessages: int('raw-messages'),
  flights: int('flights'),
  batchSize: int('batch-size'),
  concurrentBatches: int('concurrent-batches'),
  cassandraConcurrency: int('cassandra-concurrency'),
};
const rate = ratePerSecond;

// ---- baselines --------------------------------------------------------------------------------

/** RabbitMQ alone: the same publisher process, and one consumer per regional queue that only acks. */
async function measureRabbit(count: number): Promise<number> {
  const logger = silentLogger();
  const prefix = uniqueName('bench-raw-');
  const topology = createTopology(prefix);
  const connection = createAmqpConnection({ url: TEST_AMQP_URL, logger, connectionName: 'bench-raw-consumer' });
  await connection.start();
  const channel = await connection.createConfirmChannel();
  const queues = benchRegions.regions.map((region) => topology.queues.aggregatorFaresIn(region));
  // Per consumer, as the aggregator's regional consumers have.
  await channel.prefetch(settings.batchSize * settings.concurrentBatches);
  let consumed = 0;
  const started = Date.now();
  let resolveDone: (at: number) => void = () => undefined;
  const done = new Promise<number>((resolve) => (resolveDone = resolve));
  for (const queue of queues) {
    await declareQueue(channel, topology, queue);
    await channel.consume(queue.name, (message) => {
      if (message) {
        channel.ack(message);
        consumed += 1;
        if (consumed === count) {
          resolveDone(Date.now());
        }
      }
    });
  }
  await publisherResult(spawnPublisher({ prefix, count, flights: settings.flights }));
  const finished = await done;
  for (const queue of queues) {
    await channel.deleteQueue(queue.name);
    await channel.deleteQueue(topology.deadLetterQueueOf(queue.name));
  }
  await channel.deleteExchange(topology.eventsExchange);
  await channel.deleteExchange(topology.deadLetterExchange);
  await connection.close();
  return rate(count, finished - started);
}

function planAll(count: number, offset: number, keyspaces: TestKeyspaces) {
  const policy = {
    routing: createRegionRouting(createRegionResolver(defaultRegionMapping), keyspaces.stores.keys()),
    nowMs: Date.now(),
    maxClockSkewMs: 60_000,
  };
  return Array.from({ length: count }, (_, index) =>
    planFareWrite(fareChange(offset + index, settings.flights), policy),
  );
}

/** Runs `work` over `items` in batches of batchSize, concurrentBatches at a time; returns items/s. */
async function inBatches<T>(items: T[], work: (batch: T[]) => Promise<unknown>): Promise<number> {
  const started = Date.now();
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const batch = items.slice(next, next + settings.batchSize);
      next += settings.batchSize;
      await work(batch);
    }
  };
  await Promise.all(Array.from({ length: settings.concurrentBatches }, worker));
  return rate(items.length, Date.now() - started);
}

async function measurePostgres(db: TestDatabase, keyspaces: TestKeyspaces, count: number): Promise<number> {
  const rows = planAll(count, 10_000_000, keyspaces).map((write) => write.history);
  await createPgPriceHistoryStore({ pool: db.pool, logger: silentLogger() }).ensureAhead(Date.now(), 1);
  return inBatches(rows, (batch) => batchInsertPriceObservations(db.pool, batch));
}

/** As the aggregator runs by default: rows live until 6 hours after departure. */
const BENCH_RETENTION = { graceMs: 6 * 3_600_000, nowMs: () => Date.now() };

async function measureCassandra(keyspaces: TestKeyspaces, count: number): Promise<number> {
  const fares = planAll(count, 20_000_000, keyspaces).map((write) => write.current);
  const store = createCassandraCurrentFareStore({
    regions: keyspaces.stores,
    concurrencyLevel: settings.cassandraConcurrency,
    retention: BENCH_RETENTION,
  });
  await store.writeFares(fares.slice(0, 200)); // prepares the statements
  const before = sampleCpu();
  const started = Date.now();
  const changesPerSecond = await inBatches(fares, (batch) => store.writeFares(batch));
  console.log(`  cores used by the Cassandra baseline: ${coresUsed(before, sampleCpu(), Date.now() - started)}`);
  return changesPerSecond;
}

// ---- where the CPU goes (Linux /proc): shows which piece is the ceiling on a shared 2-core machine ----

/** Groups for the CPU split: Cassandra (java), RabbitMQ (beam.smp), PostgreSQL, aggregator, publisher. */
function sampleCpu(publisherPid?: number): CpuSample {
  return sampleCpuByGroup((pid, command) =>
    pid === process.pid
      ? 'aggregator'
      : pid === publisherPid
        ? 'publisher'
        : command === 'java'
          ? 'Cassandra'
          : command === 'beam.smp'
            ? 'RabbitMQ'
            : command === 'postgres'
              ? 'PostgreSQL'
              : 'other',
  );
}

// ---- pipeline ---------------------------------------------------------------------------------

interface PipelineResult {
  changesPerSecond: number;
  publishPerSecond: number;
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
  /** Cores used per process group during the run. */
  cpu: string;
}

/** Lag samples and commit count, wrapped around no-op Prometheus metrics. */
function recordingMetrics() {
  const lagsMs: number[] = [];
  const state = { committed: 0, lastCommitAt: 0, deadLetters: 0, lagsMs };
  const metrics: AggregatorMetrics = {
    observeBatch: () => undefined,
    observeStoreWrite: () => undefined,
    observeCommitted(_queue, lagSeconds) {
      state.committed += lagSeconds.length;
      state.lastCommitAt = Date.now();
      lagSeconds.forEach((seconds) => lagsMs.push(seconds * 1000));
    },
    countDeadLetter: () => {
      state.deadLetters += 1;
    },
  };
  return { metrics, state };
}

async function runPipeline(
  db: TestDatabase,
  keyspaces: TestKeyspaces,
  count: number,
  startIndex: number,
  pacedRate = 0,
): Promise<PipelineResult> {
  const logger = createLogger({ service: 'bench-aggregator', level: String(args['log-level']) });
  const prefix = uniqueName('bench-');
  const topology = createTopology(prefix);
  const connection = createAmqpConnection({ url: TEST_AMQP_URL, logger, connectionName: 'bench-aggregator' });
  await connection.start();
  const { metrics, state } = recordingMetrics();
  const history = createPgPriceHistoryStore({ pool: db.pool, logger });
  const batch = { batchSize: settings.batchSize, batchWaitMs: 25, maxConcurrentBatches: settings.concurrentBatches };
  const aggregator = createAggregator({
    connection,
    topology,
    logger,
    metrics,
    history,
    current: createCassandraCurrentFareStore({
      regions: keyspaces.stores,
      concurrencyLevel: settings.cassandraConcurrency,
      retention: BENCH_RETENTION,
    }),
    regions: benchRegions.regions,
    routing: createRegionRouting(createRegionResolver(defaultRegionMapping), keyspaces.stores.keys()),
    partitions: createPartitionMaintenance({
      store: history,
      logger,
      monthsAhead: 1,
      intervalMs: 3_600_000,
      now: Date.now,
    }),
    fares: batch,
    inventory: { batchSize: 10, batchWaitMs: 25, maxConcurrentBatches: 1 },
    retryBackoff: () => 100,
    maxClockSkewMs: 60_000,
    now: Date.now,
  });
  await aggregator.start();
  const started = Date.now();
  const publisher = spawnPublisher({ prefix, count, flights: settings.flights, startIndex, pacedRate });
  const cpuBefore = sampleCpu(publisher.pid);
  const published = await publisherResult(publisher);
  // Every message must be committed; a pipeline that stops making progress is a failed run, not a slow one.
  while (state.committed < count) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    if (Date.now() - Math.max(state.lastCommitAt, started) > 60_000) {
      throw new Error(`pipeline stalled at ${state.committed}/${count} committed, ${state.deadLetters} dead-lettered`);
    }
  }
  const cpu = coresUsed(cpuBefore, sampleCpu(publisher.pid), state.lastCommitAt - started);
  await aggregator.stop();
  const channel = await connection.createConfirmChannel();
  for (const region of benchRegions.regions) {
    for (const queue of [topology.queues.aggregatorFaresIn(region), topology.queues.aggregatorInventoryIn(region)]) {
      await channel.deleteQueue(queue.name);
      await channel.deleteQueue(topology.deadLetterQueueOf(queue.name));
    }
  }
  await channel.deleteExchange(topology.eventsExchange);
  await channel.deleteExchange(topology.deadLetterExchange);
  await connection.close();
  const sorted = [...state.lagsMs].sort((a, b) => a - b);
  return {
    changesPerSecond: rate(count, state.lastCommitAt - started),
    publishPerSecond: rate(published.published, published.ms),
    lagP50Ms: Math.round(quantile(sorted, 0.5) ?? 0),
    lagP99Ms: Math.round(quantile(sorted, 0.99) ?? 0),
    lagMaxMs: Math.round(sorted.at(-1) ?? 0),
    cpu,
  };
}

/** History rows of the pipeline's fare changes (ids `bench-000000000` up to `count`; baselines use other ranges). */
async function countHistory(db: TestDatabase, count: number): Promise<number> {
  const { rows } = await db.pool.query<{ count: string }>(
    'SELECT count(*) FROM price_observations WHERE observation_id >= $1 AND observation_id < $2',
    [fareChange(0, settings.flights).observationId, fareChange(count, settings.flights).observationId],
  );
  return Number(rows[0]?.count);
}

async function measureBaselines(db: TestDatabase, keyspaces: TestKeyspaces): Promise<[string, number][]> {
  const count = settings.rawMessages;
  const rabbit = await measureRabbit(count);
  console.log(`baseline RabbitMQ   publish+consume with confirms: ${rabbit} msg/s`);
  const postgres = await measurePostgres(db, keyspaces, count);
  console.log(`baseline PostgreSQL batched insert (unnest): ${postgres} rows/s`);
  const cassandra = await measureCassandra(keyspaces, count);
  console.log(
    `baseline Cassandra  the current-fare store alone (route table + compact offers + cheapest per route-day): ${cassandra} changes/s`,
  );
  return [
    ['RabbitMQ', rabbit],
    ['PostgreSQL', postgres],
    ['Cassandra', cassandra],
  ];
}

async function measurePipeline(db: TestDatabase, keyspaces: TestKeyspaces): Promise<number> {
  const pipeline = await runPipeline(db, keyspaces, settings.messages, 0);
  const stored = await countHistory(db, settings.messages);
  console.log(
    `pipeline: ${pipeline.changesPerSecond} changes/s sustained over ${settings.messages} ` +
      `(publisher ${pipeline.publishPerSecond} msg/s); lag p50 ${pipeline.lagP50Ms} ms, ` +
      `p99 ${pipeline.lagP99Ms} ms, max ${pipeline.lagMaxMs} ms; history rows ${stored}/${settings.messages}`,
  );
  console.log(`  cores used during the pipeline (of ${cpus().length}): ${pipeline.cpu}`);
  return pipeline.changesPerSecond;
}

/** Lag at a load the machine sustains (half the measured rate unless --paced-rate): the freshness figure. */
async function measurePaced(db: TestDatabase, keyspaces: TestKeyspaces, sustained: number): Promise<void> {
  const pacedRate = int('paced-rate') || Math.round(sustained * 0.5);
  const paced = await runPipeline(db, keyspaces, pacedRate * int('paced-seconds'), 100_000_000, pacedRate);
  console.log(
    `paced at ${pacedRate} changes/s for ${int('paced-seconds')} s: lag p50 ${paced.lagP50Ms} ms, ` +
      `p99 ${paced.lagP99Ms} ms, max ${paced.lagMaxMs} ms (freshness target: 2000 ms)`,
  );
}

async function main(): Promise<void> {
  const load = loadavg().map((value) => value.toFixed(2));
  console.log(`machine: ${cpus().length} cores, load ${load.join(' ')}; settings ${JSON.stringify(settings)}`);
  const only = String(args.only);
  const [db, keyspaces] = await Promise.all([createTestDatabase(), createTestKeyspaces()]);
  try {
    const baselines = only === 'all' || only === 'baselines' ? await measureBaselines(db, keyspaces) : [];
    const sustained = only === 'baselines' ? 0 : await measurePipeline(db, keyspaces);
    const slowest = [...baselines].sort((a, b) => a[1] - b[1])[0];
    if (slowest && sustained > 0) {
      console.log(
        `ratio pipeline / slowest piece alone (${slowest[0]}, ${slowest[1]}/s): ${(sustained / slowest[1]).toFixed(2)}; ` +
          `target 10000 changes/s: ${sustained >= 10_000 ? 'met' : `NOT met on this machine (ceiling: ${slowest[0]})`}`,
      );
    }
    if (sustained > 0 && int('paced-seconds') > 0) {
      await measurePaced(db, keyspaces, sustained);
    }
  } finally {
    await Promise.all([db.drop(), keyspaces.drop()]);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
