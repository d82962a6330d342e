import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

import { repositoryRoot } from '@fareflow/shared';

const benchDir = join(repositoryRoot, 'bench');

export function listBenchmarks(): string[] {
  return readdirSync(benchDir)
    .filter((file) => file.endsWith('.bench.ts'))
    .map((file) => file.replace(/\.bench\.ts$/, ''));
}

/** Runs `bench/<name>.bench.ts` in its own process (so its figures are not skewed by the CLI's). */
export function runBenchmark(name: string, args: string[]): Promise<number> {
  const file = join(benchDir, `${name}.bench.ts`);
  if (!existsSync(file)) {
    throw new Error(`no benchmark "${name}"; available: ${listBenchmarks().join(', ') || '(none)'}`);
  }
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file, ...args], {
      stdio: 'inherit',
      cwd: repositoryRoot,
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}
