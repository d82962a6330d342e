import {
  createFarePublisher,
  createSimulatedMarket,
  type IngestConfig,
  loadIngestConfig,
  seedHistory,
  type SeedSummary,
} from '@fareflow/ingest';
import {
  type AmqpConnection,
  booleanFromEnv,
  coerceError,
  createAmqpConnection,
  createLogger,
  createPgPool,
  createRegionRouter,
  createTopology,
  loadConfig,
  positiveIntFromEnv,
  sleep,
  type SqlExecutor,
} from '@fareflow/shared';
import { SingleBar } from 'cli-progress';
import { z } from 'zod';

export interface SeedHistoryCommandOptions {
  days: number;
  /** Departure days per simulated scrape cycle; ingest's SCRAPE_HORIZON_DAYS by default. */
  horizonDays?: number;
  /** Wait until the aggregator has stored every observation (when one consumes the queues). */
  shouldWait: boolean;
  /** Progress bars on stderr (a terminal); otherwise a line per simulated week and stored 10%. */
  showProgress: boolean;
  log: (message: string) => void;
  signal?: AbortSignal;
  nowMs?: number;
  /** Give up waiting when the stored count has not moved for this long. */
  stallTimeoutMs?: number;
}

export interface SeedHistoryReport extends SeedSummary {
  /** Observations of this replay found in PostgreSQL history at the end (undefined: not waited for). */
  stored?: number;
  storedAfterMs?: number;
}

const STORED_POLL_MS = 1_000;

/**
 * `fareflow seed-history`: the airline simulator replays its fare model for the past days through
 * ingest (normalization, change detection, publisher confirms) and RabbitMQ to the aggregator,
 * which stores it like any observation. Settings come from ingest's environment (SIMULATOR_*,
 * SCRAPE_HORIZON_DAYS, HEARTBEAT_INTERVAL_MS, AMQP_*, REGION_MAPPING, DATABASE_URL, PG_SCHEMA).
 */
export async function seedHistoryCommand(
  env: NodeJS.ProcessEnv,
  options: SeedHistoryCommandOptions,
): Promise<SeedHistoryReport> {
  const config = loadIngestConfig(env);
  const logger = createLogger({ service: 'seed-history', level: 'warn' });
  const connection = createAmqpConnection({ url: config.AMQP_URL, logger, connectionName: 'fareflow-seed-history' });
  await connection.start();
  try {
    const report = await publishReplay(config, connection, options);
    if (!options.shouldWait || report.isAborted) {
      return report;
    }
    return await waitUntilStored(config, connection, report, options);
  } finally {
    await connection.close();
  }
}

async function publishReplay(
  config: IngestConfig,
  connection: AmqpConnection,
  options: SeedHistoryCommandOptions,
): Promise<SeedSummary> {
  const regions = createRegionRouter(config.REGION_MAPPING);
  const topology = createTopology(config.AMQP_PREFIX);
  const logger = createLogger({ service: 'seed-history', level: 'warn' });
  const publisher = await createFarePublisher({ connection, topology, regions, logger });
  const { market, targets } = createSimulatedMarket({
    flightsPerDay: config.SIMULATOR_FLIGHTS_PER_DAY,
    maxRoutes: config.SIMULATOR_MAX_ROUTES,
    seed: config.SIMULATOR_SEED,
    cabins: config.SIMULATOR_CABINS,
    saleShare: config.SIMULATOR_SALE_SHARE,
  });
  const horizonDays = options.horizonDays ?? config.SCRAPE_HORIZON_DAYS;
  // Each simulated day d days ago covers its own horizon and today's (they overlap for d < horizon).
  const departureDays = Array.from({ length: options.days }, (_unused, index) => index + 1).reduce(
    (sum, daysAgo) => sum + horizonDays + Math.min(horizonDays, daysAgo),
    0,
  );
  const estimate = departureDays * market.schedule.flightsPerDay * market.fareModel.cabins.length;
  options.log(
    `seed-history: replaying ${options.days} days of the simulator (${market.schedule.flightsPerDay} flights a day, ` +
      `${market.fareModel.cabins.length} cabins, departures ${horizonDays} days ahead of each day and of today): ` +
      `about ${estimate.toLocaleString('en')} observations`,
  );
  const bar = options.showProgress
    ? new SingleBar({
        stream: process.stderr,
        format: 'published [{bar}] {value}/{total} days | {published} observations | {observedOn}',
      })
    : undefined;
  bar?.start(options.days, 0, { published: 0, observedOn: '' });
  try {
    return await seedHistory(
      {
        market,
        targets,
        publisher,
        regionOfAirport: regions.regionOfAirport,
        heartbeatIntervalMs: config.HEARTBEAT_INTERVAL_MS,
        publishConcurrency: 256,
      },
      {
        days: options.days,
        horizonDays,
        nowMs: options.nowMs ?? Date.now(),
        ...(options.signal ? { signal: options.signal } : {}),
        onProgress: (progress) => {
          bar?.update(progress.day, { published: progress.published, observedOn: progress.observedOn });
          if (!bar && (progress.day % 7 === 0 || progress.day === progress.days)) {
            options.log(
              `seed-history: ${progress.day}/${progress.days} days published (${progress.published} observations)`,
            );
          }
        },
      },
    );
  } finally {
    bar?.stop();
    await publisher.close();
  }
}

/** Counts this replay's observations in history (by their instants) until all are there. */
async function waitUntilStored(
  config: IngestConfig,
  connection: AmqpConnection,
  report: SeedSummary,
  options: SeedHistoryCommandOptions,
): Promise<SeedHistoryReport> {
  const published = `${report.published} observations published in ${(report.durationMs / 1000).toFixed(1)} s`;
  if (!(await isAggregatorConsuming(config, connection))) {
    options.log(
      `seed-history: ${published}; no aggregator consumes the queues yet: they are stored once it runs (npm start)`,
    );
    return report;
  }
  const pool = createPgPool({
    connectionString: config.DATABASE_URL,
    schema: config.PG_SCHEMA,
    max: 1,
    applicationName: 'fareflow-seed-history',
  });
  const startedAt = Date.now();
  const bar = options.showProgress
    ? new SingleBar({ stream: process.stderr, format: 'stored    [{bar}] {value}/{total} observations in history' })
    : undefined;
  bar?.start(report.published, 0);
  try {
    const stored = await pollStored(pool, report, options, (count) => bar?.update(count));
    const storedAfterMs = Date.now() - startedAt;
    options.log(`seed-history: ${published}; ${stored} stored in history ${(storedAfterMs / 1000).toFixed(1)} s later`);
    return { ...report, stored, storedAfterMs };
  } finally {
    bar?.stop();
    await pool.end();
  }
}

async function pollStored(
  db: SqlExecutor,
  report: SeedSummary,
  options: SeedHistoryCommandOptions,
  onCount: (count: number) => void,
): Promise<number> {
  const stallTimeoutMs = options.stallTimeoutMs ?? 120_000;
  let last = -1;
  let lastMovedAt = Date.now();
  let lastLogged = 0;
  for (;;) {
    const { rows } = await db.query<{ count: string }>(
      'SELECT count(*) AS count FROM price_observations WHERE observed_at = ANY($1::timestamptz[])',
      [report.instants],
    );
    const count = Number(rows[0]?.count ?? 0);
    onCount(count);
    if (!options.showProgress && count - lastLogged >= report.published / 10) {
      options.log(`seed-history: ${count}/${report.published} stored in history`);
      lastLogged = count;
    }
    if (count >= report.published || options.signal?.aborted) {
      return count;
    }
    if (count !== last) {
      last = count;
      lastMovedAt = Date.now();
    } else if (Date.now() - lastMovedAt > stallTimeoutMs) {
      throw new Error(
        `seed-history: history stopped at ${count} of ${report.published} observations for ${stallTimeoutMs / 1000} s`,
      );
    }
    await sleep(STORED_POLL_MS);
  }
}

async function isAggregatorConsuming(config: IngestConfig, connection: AmqpConnection): Promise<boolean> {
  const topology = createTopology(config.AMQP_PREFIX);
  const channel = await connection.createConfirmChannel();
  try {
    for (const region of createRegionRouter(config.REGION_MAPPING).regions) {
      const { consumerCount } = await channel.checkQueue(topology.queues.aggregatorFaresIn(region).name);
      if (consumerCount === 0) {
        return false;
      }
    }
    return true;
  } finally {
    await channel.close().catch(() => undefined);
  }
}

/** Whether PostgreSQL history holds no observation at all (a fresh machine). */
export async function isHistoryEmpty(env: NodeJS.ProcessEnv): Promise<boolean> {
  const config = loadIngestConfig(env);
  const pool = createPgPool({
    connectionString: config.DATABASE_URL,
    schema: config.PG_SCHEMA,
    max: 1,
    applicationName: 'fareflow-seed-history',
  });
  try {
    const { rows } = await pool.query('SELECT 1 FROM price_observations LIMIT 1');
    return rows.length === 0;
  } finally {
    await pool.end();
  }
}

/** `fareflow start`'s seed of an empty history. */
export const seedOnStartEnvSchema = z.object({
  /** On a start whose PostgreSQL history is empty, replay this many days (false: never). */
  SEED_HISTORY_ON_START: booleanFromEnv.default(true),
  SEED_HISTORY_DAYS: positiveIntFromEnv.max(3650).default(60),
});

/**
 * On the first `fareflow start` (PostgreSQL history empty), seeds the history in the background while
 * the stack runs, logging progress through `note`; `stop()` (when the stack has stopped) ends it
 * between two publishes. What was published stays queued and is stored on the next start, and a
 * later `fareflow seed-history` completes the rest (same ids: nothing twice).
 */
export async function seedOnStart(
  env: NodeJS.ProcessEnv,
  note: (message: string) => void,
): Promise<{ stop(): Promise<void> }> {
  const settings = loadConfig(seedOnStartEnvSchema, env);
  const idle = { stop: () => Promise.resolve() };
  if (!settings.SEED_HISTORY_ON_START) {
    return idle;
  }
  try {
    if (!(await isHistoryEmpty(env))) {
      return idle;
    }
  } catch (error) {
    note(`history seed skipped: ${coerceError(error).message}`);
    return idle;
  }
  note(
    `history is empty: replaying ${settings.SEED_HISTORY_DAYS} days of the airline simulator in the background ` +
      '(SEED_HISTORY_ON_START=false turns this off)',
  );
  const controller = new AbortController();
  const running = seedHistoryCommand(env, {
    days: settings.SEED_HISTORY_DAYS,
    shouldWait: true,
    showProgress: false,
    log: note,
    signal: controller.signal,
  }).then(
    () => undefined,
    (error: unknown) =>
      note(`history seed failed: ${coerceError(error).message}; \`npx fareflow seed-history\` completes it`),
  );
  return {
    async stop() {
      controller.abort();
      await running;
    },
  };
}
