import { runner } from 'node-pg-migrate';
import { Client } from 'pg';

export interface MigrationSet {
  /** Owner of the migrations (a service name): each keeps its own history table. */
  owner: string;
  dir: string;
}

export interface RunMigrationsOptions {
  connectionString: string;
  schema: string;
  sets: MigrationSet[];
  log?: (message: string) => void;
}

/**
 * Applies forward-only, numbered SQL migrations (`NNN_name.sql`) of each owner into `schema`,
 * creating the schema if needed. Safe to run concurrently: node-pg-migrate takes an advisory lock.
 */
export async function runMigrations(options: RunMigrationsOptions): Promise<void> {
  const client = new Client({ connectionString: options.connectionString });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`);
    for (const set of options.sets) {
      await runner({
        dbClient: client,
        dir: set.dir,
        direction: 'up',
        migrationsTable: `migrations_${set.owner.replace(/[^a-z0-9]/g, '_')}`,
        migrationsSchema: options.schema,
        schema: options.schema,
        checkOrder: true,
        log: options.log ?? (() => undefined),
        count: Infinity,
      });
    }
  } finally {
    await client.end();
  }
}

/** Creates the database named in `connectionString` if it does not exist yet. */
export async function ensureDatabase(connectionString: string): Promise<void> {
  const url = new URL(connectionString);
  const database = decodeURIComponent(url.pathname.slice(1));
  url.pathname = '/postgres';
  const client = new Client({ connectionString: url.toString() });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) {
      await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
    }
  } finally {
    await client.end();
  }
}
