import { join } from 'node:path';

import { repositoryRoot } from '@fareflow/shared';

import { hasCommand, installDebianPackages, run } from '../services/probe';

/**
 * Validates docker-compose.yml without a Docker engine (`docker-compose config -q` only parses
 * and resolves the file). Installs Debian's `docker-compose` when missing and we are root.
 */
export async function checkCompose(log: (message: string) => void): Promise<void> {
  if (!(await hasCommand('docker-compose'))) {
    await installDebianPackages(['docker-compose'], log);
  }
  const result = await run('docker-compose', ['-f', join(repositoryRoot, 'docker-compose.yml'), 'config', '-q']);
  if (result.code !== 0) {
    throw new Error(`docker-compose.yml is invalid:\n${result.output}`);
  }
  log('docker-compose.yml: valid');
}
