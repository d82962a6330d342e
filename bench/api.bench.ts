/**
 * `npm run bench -- api [--flights 100000] [--duration 10] [--connections 32]`
 *
 * The availability API as it runs in production (its own process, started from
 * availability-api/src/index.ts) over a fresh us keyspace seeded with `--flights` flights, and
 * autocannon in this process. Prints req/s and p50/p99 latency of fares searches and destination
 * searches (plus filtered fares searches, 3-stop searches and price histories of the same route-days as the fares
 * searches, 60 observation days each), hot (in-process cache on) and cold (CACHE_ENABLED=false: every request reads
 * Cassandra), and, in the same run and the same way, a bare Fastify hello route as the baseline
 * with the ratio to it. `--modes cold` runs only the cold half and `--searches fares` only
 * the fares searches; `--cpu-prof-dir DIR` profiles the
 * API processes (V8 .cpuprofile files, one per process).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import { createApiKey, repositoryRoot } from '@fareflow/shared';
import autocannon from 'autocannon';
import Fastify from 'fastify';

import { seedFares } from '../availability-api/test/support/seed-fares';
import { createResources } from '../availability-api/test/support/test-resources';
import {
  AIRPORTS,
  dataset,
  DAYS,
  destinationUrls,
  fareUrls,
  filteredFareUrls,
  HISTORY_DAYS,
  historyUrls,
  seedHistory,
  threeStopUrls,
} from './support/api-dataset';
import { cpuSecondsOf } from './support/process-cpu';

const { values } = parseArgs({
  options: {
    flights: { type: 'string', default: '100000' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '32' },
    'hello-server': { type: 'string' },
    /** Writes a V8 CPU profile of each API process into this directory (open it in Chrome DevTools). */
    'cpu-prof-dir': { type: 'string' },
    /** Runs only these modes of the API (`hot`, `cold`, or both, comma-separated); the baseline always runs. */
    modes: { type: 'string', default: 'hot,cold' },
    /** Which searches to load (`fares`, `destinations`, `filtered`, `threestop`, `history`; comma-separated). */
    searches: { type: 'string', default: 'fares,destinations,filtered,threestop,history' },
  },
});

interface Figures {
  name: string;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  errors: number;
  /** CPU cores used on average by the server process and by autocannon (this process): who was saturated. */
  serverCores: number;
  loadCores: number;
  /** The local us Cassandra node, when its pid file is where `fareflow services up` puts it. */
  cassandraCores?: number;
}

function cassandraPid(): number | undefined {
  try {
    // The pid file may hold more than the pid (e.g. "4843 9010"): the first number is the JVM's.
    const text = readFileSync(join(repositoryRoot, '.fareflow/cassandra/us/cassandra.pid'), 'utf8');
    const pid = Number(/\d+/.exec(text)?.[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

async function load(
  name: string,
  server: ChildProcess,
  port: number,
  paths: string[],
  authorization?: string,
): Promise<Figures> {
  const [serverBefore, loadBefore, startedAt] = [cpuSecondsOf(server.pid ?? 0), process.cpuUsage(), Date.now()];
  const cassandra = cassandraPid();
  const cassandraBefore = cassandra === undefined ? 0 : cpuSecondsOf(cassandra);
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections: Number(values.connections),
    duration: Number(values.duration),
    headers: authorization ? { authorization } : {},
    requests: paths.map((path) => ({ method: 'GET', path })),
  });
  return {
    name,
    requestsPerSecond: result.requests.average,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
    serverCores: (cpuSecondsOf(server.pid ?? 0) - serverBefore) / seconds(startedAt),
    loadCores: cpuTotal(process.cpuUsage(loadBefore)) / seconds(startedAt),
    cassandraCores:
      cassandra === undefined ? undefined : (cpuSecondsOf(cassandra) - cassandraBefore) / seconds(startedAt),
  };
}

const seconds = (startedAt: number) => (Date.now() - startedAt) / 1_000;
const cpuTotal = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6;

function startProcess(args: string[], env: NodeJS.ProcessEnv, nodeOptions: string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...nodeOptions, '--import', 'tsx', ...args], {
    cwd: repositoryRoot,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  return child;
}

async function waitUntilUp(port: number, path: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const isUp = await fetch(`http://127.0.0.1:${port}${path}`).then(
      (response) => response.ok,
      () => false,
    );
    if (isUp) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`nothing healthy on port ${port}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) {
    return;
  }
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Child mode: the baseline, a bare Fastify app with one hello route, in its own process like the API. */
async function runHelloServer(port: number): Promise<void> {
  const app = Fastify({ logger: false });
  app.get('/hello', () => ({ hello: 'world' }));
  await app.listen({ port, host: '127.0.0.1' });
  process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
}

async function main(): Promise<void> {
  const flights = Number(values.flights);
  const resources = await createResources();
  const children: ChildProcess[] = [];
  try {
    const store = resources.keyspaces.store('us');
    const seedStarted = Date.now();
    const fares = dataset(flights);
    await seedFares(store, fares, {
      concurrencyLevel: 256,
      tables: ['fares_by_route', 'offers_by_origin_day', 'cheapest_by_origin_day'],
    });
    console.log(
      `seeded ${flights} flights (${AIRPORTS.length} airports x ${DAYS} days) in ${((Date.now() - seedStarted) / 1000).toFixed(1)} s`,
    );
    const searches = new Set(values.searches.split(','));
    if (searches.has('history')) {
      const historyStarted = Date.now();
      const rows = await seedHistory(store, fares);
      console.log(
        `seeded ${rows} history rows (${HISTORY_DAYS} days of the 200 fares searches' flights) in ${((Date.now() - historyStarted) / 1000).toFixed(1)} s`,
      );
    }
    const { token } = await createApiKey(resources.db.pool, {
      name: 'bench',
      scopes: ['availability:read'],
      rateLimitPerMinute: 1_000_000_000,
    });
    const authorization = `Bearer ${token}`;

    const apiEnv = (port: number, isCacheEnabled: boolean): NodeJS.ProcessEnv => ({
      ...process.env,
      REGION: 'us',
      PORT: String(port),
      CASSANDRA_KEYSPACE_PREFIX: resources.keyspaces.prefix,
      PG_SCHEMA: resources.db.schema,
      CACHE_ENABLED: String(isCacheEnabled),
      CURSOR_SECRET: 'bench-cursor-secret-of-at-least-32-characters',
      OFFER_SECRET: 'bench-offer-secret-of-at-least-32-characters',
      LOG_LEVEL: 'warn',
    });
    const entry = join(repositoryRoot, 'availability-api/src/index.ts');
    const before = loadavg();
    const results: Figures[] = [];

    const hello = startProcess([__filename, '--hello-server', '18080'], process.env);
    children.push(hello);
    await waitUntilUp(18_080, '/hello');
    await load('warm-up', hello, 18_080, ['/hello']);
    results.push(await load('baseline: bare Fastify hello', hello, 18_080, ['/hello']));
    await stop(hello);

    const modes = new Set(values.modes.split(','));
    const profiling = values['cpu-prof-dir'] ? ['--cpu-prof', `--cpu-prof-dir=${values['cpu-prof-dir']}`] : [];
    for (const isCacheEnabled of [true, false].filter((isHot) => modes.has(isHot ? 'hot' : 'cold'))) {
      const port = isCacheEnabled ? 18_081 : 18_082;
      const api = startProcess([entry], apiEnv(port, isCacheEnabled), profiling);
      children.push(api);
      await waitUntilUp(port, '/healthz');
      const mode = isCacheEnabled ? 'hot' : 'cold';
      await load('warm-up', api, port, fareUrls().slice(0, 50), authorization);
      if (searches.has('fares')) {
        results.push(await load(`fares ${mode}`, api, port, fareUrls(), authorization));
      }
      if (searches.has('destinations')) {
        results.push(await load(`destinations ${mode}`, api, port, destinationUrls(), authorization));
      }
      if (searches.has('filtered')) {
        results.push(await load(`fares filtered ${mode}`, api, port, filteredFareUrls(), authorization));
      }
      if (searches.has('threestop')) {
        results.push(await load(`fares 3 stops ${mode}`, api, port, threeStopUrls(), authorization));
      }
      if (searches.has('history')) {
        results.push(await load(`history ${mode}`, api, port, historyUrls(), authorization));
      }
      await stop(api);
    }
    report(results, flights, before);
  } finally {
    await Promise.all(children.map(stop));
    await resources.release();
  }
}

function report(results: Figures[], flights: number, loadBefore: number[]): void {
  const baseline = results[0]?.requestsPerSecond ?? 1;
  console.log(
    `\navailability API, ${flights} flights, ${values.connections} connections, ${values.duration} s per run`,
  );
  console.log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average before ${loadBefore.map((value) => value.toFixed(2)).join(' ')}, after ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}`,
  );
  console.log("shared machine: other engineers' test runs may be competing for the same cores\n");
  console.log(
    'run                            req/s   p50 ms   p99 ms   vs baseline   non-2xx   errors   server cores   req/s per server core   autocannon cores   cassandra-us cores',
  );
  for (const figures of results) {
    const cells = [
      figures.requestsPerSecond.toFixed(0).padStart(7),
      String(figures.p50Ms).padStart(6),
      String(figures.p99Ms).padStart(6),
      (figures.requestsPerSecond / baseline).toFixed(2).padStart(11),
      String(figures.non2xx).padStart(7),
      String(figures.errors).padStart(6),
      figures.serverCores.toFixed(2).padStart(12),
      (figures.requestsPerSecond / Math.max(figures.serverCores, 0.01)).toFixed(0).padStart(21),
      figures.loadCores.toFixed(2).padStart(16),
      (figures.cassandraCores?.toFixed(2) ?? '?').padStart(18),
    ];
    console.log(`${figures.name.padEnd(30)} ${cells.join('   ')}`);
  }
  const hot = results.find((figures) => figures.name === 'fares hot');
  const cold = results.find((figures) => figures.name === 'fares cold');
  console.log(
    `\ntargets: hot fares >= 20000 req/s with p99 <= 10 ms: ${hot && hot.requestsPerSecond >= 20_000 && hot.p99Ms <= 10 ? 'met' : 'NOT met'}; cold fares >= 4000 req/s: ${cold && cold.requestsPerSecond >= 4_000 ? 'met' : 'NOT met'}`,
  );
}

if (values['hello-server']) {
  void runHelloServer(Number(values['hello-server']));
} else {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
