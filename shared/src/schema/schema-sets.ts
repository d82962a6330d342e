import { existsSync } from 'node:fs';
import { join } from 'node:path';

import type { CqlSet } from '../cassandra/apply-cql';
import type { MigrationSet } from '../pg/run-migrations';

/** Workspaces that own database schemas, in the order their migrations apply. */
const schemaOwners = ['shared', 'aggregator', 'order', 'predictor', 'availability-api', 'ingest'] as const;

/** Each owner's `migrations/` (PostgreSQL, SQL files) that exists under `rootDir`. */
export function pgMigrationSets(rootDir: string): MigrationSet[] {
  return schemaOwners
    .map((owner) => ({ owner, dir: join(rootDir, owner, 'migrations') }))
    .filter((set) => existsSync(set.dir));
}

/** Each owner's `cql/` (Cassandra region keyspace, CQL files) that exists under `rootDir`. */
export function cqlSets(rootDir: string): CqlSet[] {
  return schemaOwners
    .map((owner) => ({ owner, dir: join(rootDir, owner, 'cql') }))
    .filter((set) => existsSync(set.dir));
}

/** The repository root, from this file's location (shared/src/schema). */
export const repositoryRoot = join(__dirname, '..', '..', '..');
