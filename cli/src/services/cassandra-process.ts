import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { isRoot, run } from './probe';

/** One local Cassandra JVM: its files, configuration and process. The cluster logic lives in ./cassandra. */

export interface CassandraNodeSpec {
  name: string;
  address: string;
  datacenter: string;
  seed: boolean;
  initialToken: string;
}

export interface NodeLaunch {
  rootDir: string;
  libDir: string;
  nodes: readonly CassandraNodeSpec[];
  heapMb: number;
}

export interface NodePaths {
  dir: string;
  conf: string;
  data: string;
  logs: string;
  tmp: string;
  pidFile: string;
  stdoutFile: string;
  systemLog: string;
  identityFile: string;
  cdsArchive: string;
}

export const CQL_PORT = 9042;
const STORAGE_PORT = 7000;
const CLUSTER_NAME = 'fareflow';
const RACK = 'rack1';
export const WIPE_HINT =
  'run `fareflow services down --wipe` (stopCassandraCluster({ wipe: true })) to delete the local Cassandra data';

export const cassandraDir = (rootDir: string): string => path.join(rootDir, '.fareflow', 'cassandra');
const confDir = (rootDir: string): string => path.join(rootDir, 'infra', 'cassandra', 'conf');

export function nodePaths(rootDir: string, name: string): NodePaths {
  const dir = path.join(cassandraDir(rootDir), name);
  const logs = path.join(dir, 'logs');
  return {
    dir,
    conf: path.join(dir, 'conf'),
    data: path.join(dir, 'data'),
    logs,
    tmp: path.join(dir, 'tmp'),
    pidFile: path.join(dir, 'cassandra.pid'),
    stdoutFile: path.join(logs, 'stdout.log'),
    systemLog: path.join(logs, 'system.log'),
    identityFile: path.join(dir, 'data', 'fareflow-node.json'),
    // Inside lib/ so that new jars, which invalidate the archive, also drop it.
    cdsArchive: path.join(cassandraDir(rootDir), 'lib', 'cds', `${name}.jsa`),
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const exists = (file: string): Promise<boolean> =>
  stat(file).then(
    () => true,
    () => false,
  );

export async function readText(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ESRCH') {
      return undefined;
    }
    throw error;
  }
}

async function renderTemplate(file: string, vars: Readonly<Record<string, string>>): Promise<string> {
  const text = await readFile(file, 'utf8');
  return text.replace(/\{\{(\w+)\}\}/g, (_match, key: string) => {
    const value = vars[key];
    if (value === undefined) {
      throw new Error(`${file}: no value for {{${key}}}`);
    }
    return value;
  });
}

function nodeIdentity(node: CassandraNodeSpec): string {
  const { address, datacenter, initialToken } = node;
  return JSON.stringify({ clusterName: CLUSTER_NAME, address, datacenter, rack: RACK, initialToken });
}

// Cassandra refuses to start (or misbehaves) when DC, token or cluster name change under existing data.
async function checkDataIdentity(node: CassandraNodeSpec, p: NodePaths): Promise<void> {
  const saved = await readText(p.identityFile);
  if (saved === undefined && !(await exists(path.join(p.data, 'data')))) {
    await mkdir(p.data, { recursive: true });
    await writeFile(p.identityFile, nodeIdentity(node));
  } else if (saved !== nodeIdentity(node)) {
    throw new Error(
      `cassandra ${node.name}: ${p.data} was made for another topology (${saved ?? 'unknown'}); ${WIPE_HINT}`,
    );
  }
}

async function writeNodeConfig(launch: NodeLaunch, node: CassandraNodeSpec, p: NodePaths): Promise<void> {
  const seeds = launch.nodes.filter((n) => n.seed).map((n) => `${n.address}:${STORAGE_PORT}`);
  const vars = {
    clusterName: CLUSTER_NAME,
    initialToken: node.initialToken,
    seeds: seeds.join(','),
    address: node.address,
    storagePort: String(STORAGE_PORT),
    nativePort: String(CQL_PORT),
    datacenter: node.datacenter,
    rack: RACK,
  };
  await Promise.all([p.conf, p.logs, p.tmp, path.dirname(p.cdsArchive)].map((d) => mkdir(d, { recursive: true })));
  const render = (name: string) => renderTemplate(path.join(confDir(launch.rootDir), `${name}.template`), vars);
  await writeFile(path.join(p.conf, 'cassandra.yaml'), await render('cassandra.yaml'));
  await writeFile(path.join(p.conf, 'cassandra-rackdc.properties'), await render('cassandra-rackdc.properties'));
  await copyFile(path.join(confDir(launch.rootDir), 'logback.xml'), path.join(p.conf, 'logback.xml'));
}

async function jvmOptions(rootDir: string): Promise<string[]> {
  const text = await readFile(path.join(confDir(rootDir), 'jvm17.options'), 'utf8');
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

async function javaArgs(launch: NodeLaunch, node: CassandraNodeSpec, p: NodePaths): Promise<string[]> {
  const jamm = (await readdir(launch.libDir)).find((file) => /^jamm-.*\.jar$/.test(file));
  // AppCDS: the first run dumps the classes it loaded when it exits; later runs map them and start faster.
  const cds = (await exists(p.cdsArchive))
    ? `-XX:SharedArchiveFile=${p.cdsArchive}`
    : `-XX:ArchiveClassesAtExit=${p.cdsArchive}.tmp`;
  return [
    ...(await jvmOptions(launch.rootDir)),
    `-Xms${launch.heapMb}m`,
    `-Xmx${launch.heapMb}m`,
    cds,
    ...(jamm ? [`-javaagent:${path.join(launch.libDir, jamm)}`] : []),
    `-XX:ErrorFile=${path.join(p.logs, 'hs_err_%p.log')}`,
    `-Djava.io.tmpdir=${p.tmp}`,
    `-Djna.tmpdir=${p.tmp}`,
    `-Dcassandra.config=${pathToFileURL(path.join(p.conf, 'cassandra.yaml')).href}`,
    `-Dcassandra-rackdc.properties=${pathToFileURL(path.join(p.conf, 'cassandra-rackdc.properties')).href}`,
    `-Dlogback.configurationFile=${path.join(p.conf, 'logback.xml')}`,
    `-Dcassandra.logdir=${p.logs}`,
    `-Dcassandra.storagedir=${p.data}`,
    '-Dcassandra-foreground=yes',
    '-Dcassandra.skip_wait_for_gossip_to_settle=0',
    '-Dcassandra.shutdown_announce_in_ms=500',
    // The ring delay bounds the startup shadow round: a seed sits it out when its known peers are down, while a
    // non-seed gives up after twice the delay without an answer from the seed. So only the seed's is short.
    `-Dcassandra.ring_delay_ms=${node.seed ? 100 : 5000}`,
    // No conf dir on the classpath: every file is passed by URL, and CDS rejects non-empty directories there.
    '-cp',
    path.join(launch.libDir, '*'),
    'org.apache.cassandra.service.CassandraDaemon',
  ];
}

// As root, Cassandra's mlockall succeeds and pins the whole heap (300-500 MiB more RSS per node);
// without CAP_IPC_LOCK it fails softly, as it does for a normal user.
async function launcher(): Promise<[string, ...string[]]> {
  const dropLock = ['--bounding-set=-ipc_lock', '--inh-caps=-ipc_lock', '--'];
  if (isRoot() && (await run('setpriv', [...dropLock, 'true'])).code === 0) {
    return ['setpriv', ...dropLock, 'java'];
  }
  return ['java'];
}

/** From /proc/<pid>/stat; the start time tells a recycled pid apart and, unlike the command line, survives execve. */
async function procStat(pid: number): Promise<{ state: string; startTime: string } | undefined> {
  const text = await readText(`/proc/${pid}/stat`);
  // The command name (2nd field) may hold spaces and parentheses; the fields after the last ')' do not.
  const fields = text?.slice(text.lastIndexOf(')') + 2).split(' ') ?? [];
  const [state, startTime] = [fields[0], fields[19]];
  return state !== undefined && startTime !== undefined ? { state, startTime } : undefined;
}

/** The pid of the node's running JVM, from its pid file (`<pid> <start time>`). */
export async function nodePid(p: NodePaths): Promise<number | undefined> {
  const [pidText, startTime] = ((await readText(p.pidFile)) ?? '').trim().split(/\s+/);
  const pid = Number(pidText);
  const stat = Number.isInteger(pid) && pid > 0 ? await procStat(pid) : undefined;
  if (stat === undefined || stat.state === 'Z') {
    return undefined;
  }
  if (startTime !== undefined) {
    return stat.startTime === startTime ? pid : undefined;
  }
  // A pid file from before start times were recorded: recognise the JVM by its command line.
  const cmdline = await readText(`/proc/${pid}/cmdline`);
  return cmdline?.includes(`\0-Dcassandra.storagedir=${p.data}\0`) ? pid : undefined;
}

/** Writes the node's configuration and starts its JVM detached, so that it outlives this process. */
export async function spawnNode(launch: NodeLaunch, node: CassandraNodeSpec, p: NodePaths): Promise<number> {
  await checkDataIdentity(node, p);
  await writeNodeConfig(launch, node, p);
  const [command, ...prefix] = await launcher();
  const args = [...prefix, ...(await javaArgs(launch, node, p))];
  // One run per log file, so that a startup error quotes this run only.
  for (const log of [p.systemLog, p.stdoutFile]) {
    await rename(log, log.replace(/\.log$/, '.previous.log')).catch(() => undefined);
  }
  const out = openSync(p.stdoutFile, 'w');
  try {
    const child = spawn(command, args, { cwd: p.dir, detached: true, stdio: ['ignore', out, out] });
    const pid = await new Promise<number>((resolve, reject) => {
      child.once('error', reject);
      child.once('spawn', () => resolve(child.pid ?? 0));
    });
    child.unref();
    await writeFile(p.pidFile, `${pid} ${(await procStat(pid))?.startTime ?? 'exited'}\n`);
    return pid;
  } finally {
    closeSync(out);
  }
}

async function waitForExit(pid: number, p: NodePaths, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while ((await nodePid(p)) === pid) {
    if (Date.now() > deadline) {
      return false;
    }
    await sleep(200);
  }
  return true;
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') {
      throw error;
    }
  }
}

/** SIGTERM (Cassandra drains: flushes memtables, tells its peers), then SIGKILL after `timeoutMs`. */
export async function terminateNode(
  pid: number,
  p: NodePaths,
  timeoutMs: number,
  log: (message: string) => void,
): Promise<void> {
  signal(pid, 'SIGTERM');
  const exitedCleanly = await waitForExit(pid, p, timeoutMs);
  if (!exitedCleanly) {
    log(`cassandra: pid ${pid} still running ${timeoutMs} ms after SIGTERM, sending SIGKILL`);
    signal(pid, 'SIGKILL');
    await waitForExit(pid, p, 10_000);
  }
  // The JVM writes the CDS archive while exiting; a killed one may have left half a file.
  if (exitedCleanly && (await exists(`${p.cdsArchive}.tmp`))) {
    await rename(`${p.cdsArchive}.tmp`, p.cdsArchive);
  }
  await rm(`${p.cdsArchive}.tmp`, { force: true });
}
