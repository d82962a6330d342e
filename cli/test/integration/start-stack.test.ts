import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

import { repositoryRoot } from '@fareflow/shared';
import {
  createTestDatabase,
  createTestKeyspaces,
  TEST_AMQP_URL,
  TEST_DATABASE_URL,
  type TestDatabase,
  type TestKeyspaces,
  uniqueName,
} from '@fareflow/shared/test/support/test-resources';

import { jsonLines, topLevelKeys } from '../support/log-lines';
import { eventually, freePort } from '../support/service-process';

const SERVICES = [
  'ingest',
  'aggregator',
  'predictor',
  'order',
  'availability-api-us',
  'availability-api-eu',
  'console',
];

/**
 * `fareflow start` as a user runs it, on free ports with its own schema, queue prefix and
 * keyspaces; then Ctrl-C as a terminal sends it: SIGINT to the foreground process group.
 */
describe('fareflow start', () => {
  let db: TestDatabase;
  let keyspaces: TestKeyspaces;
  let stack: ChildProcess;
  let stdout = '';
  let stderr = '';
  const childPids = () => [...stderr.matchAll(/started \(pid (\d+)\)/g)].map((match) => Number(match[1]));
  const logs = () => `--- stderr\n${stderr.slice(-4000)}\n--- stdout\n${stdout.slice(-6000)}`;

  beforeAll(async () => {
    db = await createTestDatabase();
    keyspaces = await createTestKeyspaces();
  });

  afterAll(async () => {
    // If the test failed half-way, nothing it started may outlive it.
    for (const pid of [stack?.pid, ...childPids()]) {
      try {
        process.kill(-(pid ?? 0), 'SIGKILL');
      } catch {
        // Already gone.
      }
    }
    await keyspaces?.drop();
    await db?.drop();
  });

  it('runs every service, restarts one killed with SIGKILL; one SIGINT to its process group stops each gracefully and the stack exits 0', async () => {
    const [simulator, ingestMetrics, aggregatorMetrics, predictorMetrics, order, orderMetrics, us, eu, consolePort] =
      await Promise.all(Array.from({ length: 9 }, () => freePort()));
    const simulatorUrl = `http://127.0.0.1:${simulator}`;
    stack = spawn(process.execPath, [join(repositoryRoot, 'cli/bin/fareflow.js'), 'start'], {
      cwd: repositoryRoot,
      env: {
        ...process.env,
        LOG_LEVEL: 'info',
        DATABASE_URL: TEST_DATABASE_URL,
        PG_SCHEMA: db.schema,
        AMQP_URL: TEST_AMQP_URL,
        AMQP_PREFIX: uniqueName('start-'),
        CASSANDRA_KEYSPACE_PREFIX: keyspaces.prefix,
        SIMULATOR_PORT: String(simulator),
        SIMULATOR_FLIGHTS_PER_DAY: '100',
        SCRAPE_HORIZON_DAYS: '1',
        // The history seed of a first start has its own test (seed-history.test.ts).
        SEED_HISTORY_ON_START: 'false',
        AMADEUS_BASE_URL: `${simulatorUrl}/amadeus`,
        DUFFEL_BASE_URL: `${simulatorUrl}/duffel`,
        FEED_BASE_URL: simulatorUrl,
        INGEST_METRICS_PORT: String(ingestMetrics),
        AGGREGATOR_METRICS_PORT: String(aggregatorMetrics),
        PREDICTOR_METRICS_PORT: String(predictorMetrics),
        ORDER_API_PORT: String(order),
        ORDER_METRICS_PORT: String(orderMetrics),
        API_US_PORT: String(us),
        API_EU_PORT: String(eu),
        CONSOLE_PORT: String(consolePort),
        REGION_API_URLS: JSON.stringify({ us: `http://127.0.0.1:${us}`, eu: `http://127.0.0.1:${eu}` }),
        OFFER_SECRET: 'start-stack-test-offer-secret-0123456789',
        CURSOR_SECRET: 'start-stack-test-cursor-secret-0123456789',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group, as a shell gives a foreground job.
      detached: true,
    });
    stack.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    stack.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => stack.on('exit', (code) => resolve(code)));

    const ready = [
      `http://127.0.0.1:${order}/readyz`,
      `http://127.0.0.1:${us}/readyz`,
      `http://127.0.0.1:${eu}/readyz`,
      `http://127.0.0.1:${ingestMetrics}/metrics`,
      `http://127.0.0.1:${aggregatorMetrics}/metrics`,
      `http://127.0.0.1:${predictorMetrics}/metrics`,
    ];
    await eventually(
      async () =>
        (await Promise.all(ready.map(async (url) => (await fetch(url)).ok))).every(Boolean) ? true : undefined,
      120_000,
      logs,
    );
    // Fares flowing (the first scrape cycle reached the aggregator) before Ctrl-C.
    await eventually(
      async () => {
        const { rows } = await db.pool.query<{ count: string }>('SELECT count(*) AS count FROM price_observations');
        return Number(rows[0]?.count) > 0 ? true : undefined;
      },
      90_000,
      logs,
    );

    // A service that dies (SIGKILL: the OOM killer, a driver fault before crash-only handlers) comes back.
    const orderPid = Number(/order: started \(pid (\d+)\)/.exec(stderr)?.[1]);
    process.kill(-orderPid, 'SIGKILL');
    await eventually(
      async () => (/order: crashed; restarting in \d+ ms/.test(stderr) ? true : undefined),
      10_000,
      logs,
    );
    const restartedPid = await eventually(
      async () => {
        const pids = [...stderr.matchAll(/order: started \(pid (\d+)\)/g)].map((match) => Number(match[1]));
        return pids.length === 2 ? pids[1] : undefined;
      },
      10_000,
      logs,
    );
    expect(restartedPid).not.toBe(orderPid);
    await eventually(
      async () => ((await fetch(`http://127.0.0.1:${order}/readyz`)).ok ? true : undefined),
      60_000,
      logs,
    );
    expect(stderr).toContain('order: exited with signal SIGKILL');
    // Only the dead one restarted; the others kept running.
    expect(childPids()).toHaveLength(SERVICES.length + 1);

    process.kill(-(stack.pid ?? 0), 'SIGINT');
    const code = await Promise.race([
      exited,
      new Promise<string>((resolve) => setTimeout(() => resolve(`still running after 60 s\n${logs()}`), 60_000)),
    ]);
    expect(code).toBe(0);

    const lines = jsonLines(stdout);
    const shutdowns = lines.filter(({ record }) => record['msg'] === 'shutting down');
    expect(new Set(shutdowns.map(({ record }) => record['service']))).toEqual(new Set(SERVICES));
    // One signal each, forwarded once: a staged shutdown, never the forced one.
    expect(shutdowns.map(({ record }) => record['reason'])).toEqual(SERVICES.map(() => 'SIGTERM'));
    expect(lines.filter(({ record }) => String(record['msg']).includes('forcing exit'))).toEqual([]);
    expect(stderr.match(/sending SIGTERM to every service/g)).toHaveLength(1);
    for (const name of ['ingest', 'aggregator', 'predictor', 'order', 'api-us', 'api-eu', 'console']) {
      expect(stderr).toContain(`${name}: exited with code 0`);
    }
    // Not a terminal: one JSON object per line, and no line repeats a key.
    const repeated = lines.filter(({ raw }) => new Set(topLevelKeys(raw)).size !== topLevelKeys(raw).length);
    expect(repeated.map(({ raw }) => raw)).toEqual([]);
  });
});
