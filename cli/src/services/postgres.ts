import { readdir } from 'node:fs/promises';

import { Client } from 'pg';

import { hasCommand, installDebianPackages, run, waitFor } from './probe';

async function canConnect(connectionString: string): Promise<boolean> {
  const url = new URL(connectionString);
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString(), connectionTimeoutMillis: 2_000 });
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Starts every Debian cluster (`pg_ctlcluster <version> main start`). */
async function startDebianClusters(): Promise<void> {
  const versions = await readdir('/etc/postgresql').catch(() => [] as string[]);
  for (const version of versions) {
    await run('pg_ctlcluster', ['--skip-systemctl-redirect', version, 'main', 'start']);
  }
}

/**
 * Uses the PostgreSQL at `connectionString` if it answers; otherwise starts the local
 * installation, installing Debian's `postgresql` first when missing and we are root.
 */
export async function ensurePostgres(connectionString: string, log: (message: string) => void): Promise<void> {
  if (await canConnect(connectionString)) {
    log('postgres: reachable');
    return;
  }
  if (!(await hasCommand('pg_ctlcluster'))) {
    await installDebianPackages(['postgresql'], log);
  }
  log('postgres: starting the local cluster');
  await startDebianClusters();
  if (!(await waitFor(() => canConnect(connectionString), 30_000))) {
    throw new Error(
      `postgres: not reachable at ${new URL(connectionString).host} after starting it; check /var/log/postgresql/ and that trust auth (or the URL's password) lets us in`,
    );
  }
  log('postgres: started');
}

export async function isPostgresUp(connectionString: string): Promise<boolean> {
  return canConnect(connectionString);
}
