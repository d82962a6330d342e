import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { repositoryRoot } from '@fareflow/shared';

/** A service process that `fareflow start` runs: its entry point and the environment it adds. */
export interface ProcessSpec {
  name: string;
  entry: string;
  env: Record<string, string>;
}

export const localStack: ProcessSpec[] = [
  { name: 'ingest', entry: 'ingest/src/index.ts', env: {} },
  { name: 'aggregator', entry: 'aggregator/src/index.ts', env: {} },
  { name: 'predictor', entry: 'predictor/src/index.ts', env: {} },
  { name: 'order', entry: 'order/src/index.ts', env: {} },
  { name: 'api-us', entry: 'availability-api/src/index.ts', env: { REGION: 'us', PORT: '8081' } },
  { name: 'api-eu', entry: 'availability-api/src/index.ts', env: { REGION: 'eu', PORT: '8082' } },
];

const colors = [36, 33, 35, 32, 34, 31];

function pipeWithPrefix(child: ChildProcess, name: string, color: number): void {
  const prefix = process.stdout.isTTY ? `\u001b[${color}m${name.padEnd(10)}\u001b[0m|` : `${name.padEnd(10)}|`;
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) {
      createInterface({ input: stream }).on('line', (line) => process.stdout.write(`${prefix} ${line}\n`));
    }
  }
}

/**
 * Runs every service as its own process (as in production), prefixing their logs. The first
 * Ctrl-C sends SIGTERM to all and waits for their staged shutdown; a second one kills them.
 * Resolves with a non-zero code if any service exited on its own with an error.
 */
export function startStack(specs: ProcessSpec[], env: NodeJS.ProcessEnv): Promise<number> {
  const children = specs.map((spec, index) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repositoryRoot, spec.entry)], {
      cwd: repositoryRoot,
      env: { ...env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    pipeWithPrefix(child, spec.name, colors[index % colors.length] ?? 0);
    return { spec, child, exited: new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1))) };
  });
  let isStopping = false;
  const stopAll = (signal: NodeJS.Signals) => {
    for (const { child } of children) {
      if (child.exitCode === null) {
        child.kill(isStopping ? 'SIGKILL' : signal);
      }
    }
    isStopping = true;
  };
  process.on('SIGINT', () => stopAll('SIGTERM'));
  process.on('SIGTERM', () => stopAll('SIGTERM'));
  for (const { spec, exited } of children) {
    void exited.then((code) => {
      if (!isStopping) {
        console.error(`${spec.name} exited with code ${code}; stopping the stack`);
        stopAll('SIGTERM');
      }
    });
  }
  return Promise.all(children.map(({ exited }) => exited)).then((codes) => (codes.some((code) => code !== 0) ? 1 : 0));
}
