import { createHash } from 'node:crypto';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { Client, policies, types } from 'cassandra-driver';

import {
  cassandraDir,
  type CassandraNodeSpec,
  CQL_PORT,
  type NodeLaunch,
  type NodePaths,
  nodePaths,
  nodePid,
  readText,
  sleep,
  spawnNode,
  terminateNode,
  WIPE_HINT,
} from './cassandra-process';
import { isPortOpen, run } from './probe';

/**
 * A local two-datacenter Cassandra 5.0 cluster, one JVM per region on its own loopback address, run from the
 * Maven Central jars (infra/cassandra). Everything it writes lives under `<rootDir>/.fareflow/cassandra/`.
 */

export type { CassandraNodeSpec } from './cassandra-process';

export interface CassandraNodeStatus {
  name: string;
  address: string;
  datacenter: string;
  running: boolean;
  pid?: number;
  cqlReady: boolean;
}

type Log = (message: string) => void;

export interface StartCassandraOptions {
  rootDir: string;
  nodes?: readonly CassandraNodeSpec[];
  heapMb?: number;
  timeoutMs?: number;
  log: Log;
}

export const DEFAULT_CASSANDRA_NODES: readonly CassandraNodeSpec[] = [
  { name: 'us', address: '127.0.0.1', datacenter: 'us', seed: true, initialToken: '-9223372036854775808' },
  { name: 'eu', address: '127.0.0.2', datacenter: 'eu', seed: false, initialToken: '0' },
];

const STOP_TIMEOUT_MS = 60_000;
const POLL_MS = 500;
const INCOMPATIBLE_DATA = /differs from previous|Saved cluster name|Cannot change the number of tokens|Incompatible/i;

interface StartContext extends NodeLaunch {
  timeoutMs: number;
  log: Log;
}

const tail = (text: string, lines: number): string => text.trimEnd().split('\n').slice(-lines).join('\n');
const secondsSince = (startMs: number): string => `${((Date.now() - startMs) / 1000).toFixed(1)} s`;

/** Copies cassandra-all and its runtime dependencies into `.fareflow/cassandra/lib` unless the pom is unchanged. */
export async function ensureCassandraJars(opts: { rootDir: string; log: Log }): Promise<string> {
  const pom = path.join(opts.rootDir, 'infra', 'cassandra', 'pom.xml');
  const libDir = path.join(cassandraDir(opts.rootDir), 'lib');
  const stamp = createHash('sha256')
    .update(await readFile(pom))
    .digest('hex');
  if ((await readText(path.join(libDir, '.pom.sha256'))) === stamp) {
    return libDir;
  }
  opts.log('cassandra: copying the jars from Maven (mvn dependency:copy-dependencies)');
  // Staging plus rename, so that an interrupted copy never looks complete.
  const staging = `${libDir}.partial`;
  await rm(staging, { recursive: true, force: true });
  const goal = ['dependency:copy-dependencies', '-DincludeScope=runtime', `-DoutputDirectory=${staging}`];
  const mvn = await run('mvn', ['-B', '-q', '-f', pom, ...goal]);
  if (mvn.code !== 0) {
    throw new Error(`cassandra: mvn failed (exit ${mvn.code}):\n${tail(mvn.output, 30)}`);
  }
  await writeFile(path.join(staging, '.pom.sha256'), stamp);
  await rm(libDir, { recursive: true, force: true });
  await rename(staging, libDir);
  return libDir;
}

async function withNodeClient<T>(node: CassandraNodeSpec, use: (client: Client) => Promise<T>): Promise<T> {
  const endpoint = `${node.address}:${CQL_PORT}`;
  const { AllowListPolicy, DCAwareRoundRobinPolicy } = policies.loadBalancing;
  const client = new Client({
    contactPoints: [endpoint],
    localDataCenter: node.datacenter,
    policies: { loadBalancing: new AllowListPolicy(new DCAwareRoundRobinPolicy(node.datacenter), [endpoint]) },
    isMetadataSyncEnabled: false,
    socketOptions: { connectTimeout: 2_000, readTimeout: 5_000 },
  });
  try {
    await client.connect();
    return await use(client);
  } finally {
    await client.shutdown().catch(() => undefined);
  }
}

async function isCqlReady(node: CassandraNodeSpec): Promise<boolean> {
  if (!(await isPortOpen(node.address, CQL_PORT))) {
    return false;
  }
  return withNodeClient(node, (client) => client.execute('SELECT release_version FROM system.local')).then(
    () => true,
    () => false,
  );
}

/** The last ERROR and what follows it (its stack trace), else the end of the log. */
function logExcerpt(text: string, lines: number): string {
  const all = text.trimEnd().split('\n');
  const lastError = all.findLastIndex((line) => line.startsWith('ERROR'));
  const from = lastError >= 0 ? lastError : all.length - lines;
  return all.slice(Math.max(0, from), Math.max(0, from) + lines).join('\n');
}

async function startupError(node: CassandraNodeSpec, p: NodePaths, reason: string): Promise<Error> {
  const systemLog = logExcerpt((await readText(p.systemLog)) ?? '', 30);
  const stdout = tail((await readText(p.stdoutFile)) ?? '', 10);
  const hint = INCOMPATIBLE_DATA.test(systemLog) ? `\n${WIPE_HINT}` : '';
  return new Error(
    `cassandra ${node.name} ${reason}; from ${p.systemLog}:\n${systemLog}\n--- ${p.stdoutFile}:\n${stdout}${hint}`,
  );
}

async function waitUntilReady(ctx: StartContext, node: CassandraNodeSpec, p: NodePaths, pid: number): Promise<void> {
  const deadline = Date.now() + ctx.timeoutMs;
  while (!(await isCqlReady(node))) {
    if ((await nodePid(p)) !== pid) {
      await rm(p.pidFile, { force: true });
      throw await startupError(node, p, `exited during startup (pid ${pid})`);
    }
    if (Date.now() > deadline) {
      throw await startupError(node, p, `is not CQL-ready after ${ctx.timeoutMs} ms (pid ${pid} left running)`);
    }
    await sleep(POLL_MS);
  }
}

async function startNode(ctx: StartContext, node: CassandraNodeSpec): Promise<void> {
  if (await isCqlReady(node)) {
    ctx.log(`cassandra ${node.name}: already running on ${node.address}`);
    return;
  }
  const p = nodePaths(ctx.rootDir, node.name);
  const startedAt = Date.now();
  let pid = await nodePid(p);
  if (pid === undefined) {
    await rm(p.pidFile, { force: true });
    pid = await spawnNode(ctx, node, p);
    ctx.log(`cassandra ${node.name}: starting on ${node.address} (dc ${node.datacenter}, pid ${pid}, ${p.systemLog})`);
  } else {
    ctx.log(`cassandra ${node.name}: pid ${pid} is already starting, waiting for it`);
  }
  await waitUntilReady(ctx, node, p, pid);
  ctx.log(`cassandra ${node.name}: CQL ready after ${secondsSince(startedAt)}`);
}

/** True once `node` has every peer in its ring, agrees with them on the schema and its failure detector has them UP. */
async function seesPeersUp(node: CassandraNodeSpec, peers: readonly CassandraNodeSpec[]): Promise<boolean> {
  const check = async (client: Client): Promise<boolean> => {
    const local = (await client.execute('SELECT schema_version FROM system.local')).first();
    const rows = (await client.execute('SELECT peer, data_center, schema_version, tokens FROM system.peers')).rows;
    const inRing = peers.every((peer) =>
      rows.some(
        (row) =>
          String(row.get('peer')) === peer.address &&
          row.get('data_center') === peer.datacenter &&
          row.get('tokens') !== null &&
          String(row.get('schema_version')) === String(local.get('schema_version')),
      ),
    );
    if (!inRing) {
      return false;
    }
    // CL ALL is refused (Unavailable) unless every replica is UP; system_traces (SimpleStrategy, RF 2) is on all nodes.
    const all = { consistency: types.consistencies.all };
    await client.execute('SELECT session_id FROM system_traces.sessions LIMIT 1', [], all);
    return true;
  };
  return withNodeClient(node, check).catch(() => false);
}

async function waitForPeers(ctx: StartContext): Promise<void> {
  const deadline = Date.now() + ctx.timeoutMs;
  for (const node of ctx.nodes) {
    const peers = ctx.nodes.filter((other) => other !== node);
    while (!(await seesPeersUp(node, peers))) {
      if (Date.now() > deadline) {
        throw new Error(
          `cassandra ${node.name}: its peers are not UP and in schema agreement after ${ctx.timeoutMs} ms`,
        );
      }
      await sleep(POLL_MS);
    }
  }
  ctx.log(`cassandra: ${ctx.nodes.map((node) => node.name).join(' and ')} see each other UP`);
}

async function startContext(opts: StartCassandraOptions): Promise<StartContext> {
  const libDir = await ensureCassandraJars(opts);
  const { rootDir, log, nodes = DEFAULT_CASSANDRA_NODES, heapMb = 512, timeoutMs = 120_000 } = opts;
  return { rootDir, libDir, nodes, heapMb, timeoutMs, log };
}

/** Idempotent: starts the nodes that are not answering CQL, in order, then waits until all see each other UP. */
export async function startCassandraCluster(opts: StartCassandraOptions): Promise<void> {
  const ctx = await startContext(opts);
  // One at a time: a non-seed's startup (its gossip shadow round) needs the seed to answer.
  for (const node of ctx.nodes) {
    await startNode(ctx, node);
  }
  await waitForPeers(ctx);
}

/** Starts one node (e.g. after stopCassandraNode); waits for the peers to see it when they are all up. */
export async function startCassandraNode(opts: StartCassandraOptions & { name: string }): Promise<void> {
  const ctx = await startContext(opts);
  const node = ctx.nodes.find((candidate) => candidate.name === opts.name);
  if (!node) {
    throw new Error(`cassandra: no node named ${opts.name}`);
  }
  await startNode(ctx, node);
  if ((await Promise.all(ctx.nodes.map(isCqlReady))).every(Boolean)) {
    await waitForPeers(ctx);
  }
}

/** Idempotent: stops the node if this checkout started it; `wipe` also deletes its data. */
export async function stopCassandraNode(
  rootDir: string,
  name: string,
  opts: { wipe?: boolean; log?: Log } = {},
): Promise<void> {
  const log = opts.log ?? (() => undefined);
  const p = nodePaths(rootDir, name);
  const pid = await nodePid(p);
  if (pid !== undefined) {
    const startedAt = Date.now();
    await terminateNode(pid, p, STOP_TIMEOUT_MS, log);
    log(`cassandra ${name}: stopped pid ${pid} in ${secondsSince(startedAt)}`);
  }
  await rm(p.pidFile, { force: true });
  if (opts.wipe) {
    await rm(p.data, { recursive: true, force: true });
    log(`cassandra ${name}: deleted ${p.data}`);
  }
}

/** Idempotent: stops every node found under `.fareflow/cassandra` (by its pid file); `wipe` also deletes the data. */
export async function stopCassandraCluster(opts: { rootDir: string; wipe?: boolean; log: Log }): Promise<void> {
  const entries = await readdir(cassandraDir(opts.rootDir), { withFileTypes: true }).catch(() => []);
  const onDisk = entries.filter((entry) => entry.isDirectory() && !entry.name.startsWith('lib')).map((e) => e.name);
  // Non-seeds first, so the seed hears them leave. One at a time: a node stopping in parallel with its peer
  // waits (up to ~10 s) on messages to the peer that is already gone.
  const seeds = new Set(DEFAULT_CASSANDRA_NODES.filter((node) => node.seed).map((node) => node.name));
  for (const name of [...onDisk].sort((a, b) => Number(seeds.has(a)) - Number(seeds.has(b)))) {
    await stopCassandraNode(opts.rootDir, name, opts);
  }
}

export async function cassandraStatus(opts: {
  rootDir: string;
  nodes?: readonly CassandraNodeSpec[];
}): Promise<CassandraNodeStatus[]> {
  const statusOf = async (node: CassandraNodeSpec): Promise<CassandraNodeStatus> => {
    const [pid, cqlReady] = await Promise.all([nodePid(nodePaths(opts.rootDir, node.name)), isCqlReady(node)]);
    const { name, address, datacenter } = node;
    return { name, address, datacenter, running: pid !== undefined, ...(pid === undefined ? {} : { pid }), cqlReady };
  };
  return Promise.all((opts.nodes ?? DEFAULT_CASSANDRA_NODES).map(statusOf));
}
