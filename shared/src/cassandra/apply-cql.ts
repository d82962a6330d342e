import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { Client } from 'cassandra-driver';

export interface CqlSet {
  owner: string;
  dir: string;
}

export interface ApplyCqlOptions {
  client: Client;
  keyspace: string;
  /** `{'class': 'NetworkTopologyStrategy', 'us': 1}` */
  replication: Record<string, number>;
  sets: CqlSet[];
  log?: (message: string) => void;
}

/**
 * Applies versioned CQL files (`NNN_name.cql`, statements separated by `;` at line end) to a
 * region keyspace, recording each in `schema_migrations`. Files use `{{keyspace}}` and
 * `{{replication}}`; statements must be idempotent (`IF NOT EXISTS`) so a half-applied file
 * can simply run again.
 */
export async function applyCql(options: ApplyCqlOptions): Promise<void> {
  const { client, keyspace } = options;
  const replication = renderReplication(options.replication);
  await execute(client, `CREATE KEYSPACE IF NOT EXISTS ${keyspace} WITH replication = ${replication}`);
  await execute(
    client,
    `CREATE TABLE IF NOT EXISTS ${keyspace}.schema_migrations (owner text, version text, applied_at timestamp, PRIMARY KEY (owner, version))`,
  );
  for (const set of options.sets) {
    const applied = await client.execute(
      `SELECT version FROM ${keyspace}.schema_migrations WHERE owner = ?`,
      [set.owner],
      {
        prepare: true,
      },
    );
    const done = new Set(applied.rows.map((row) => String(row['version'])));
    const files = (await readdir(set.dir)).filter((file) => /^\d+_.+\.cql$/.test(file)).sort();
    for (const file of files.filter((candidate) => !done.has(candidate))) {
      const text = (await readFile(join(set.dir, file), 'utf8'))
        .replaceAll('{{keyspace}}', keyspace)
        .replaceAll('{{replication}}', replication);
      for (const statement of splitStatements(text)) {
        await execute(client, statement);
      }
      await client.execute(
        `INSERT INTO ${keyspace}.schema_migrations (owner, version, applied_at) VALUES (?, ?, ?)`,
        [set.owner, file, new Date()],
        { prepare: true },
      );
      options.log?.(`cql ${keyspace}: applied ${set.owner}/${file}`);
    }
  }
}

export function renderReplication(replication: Record<string, number>): string {
  const parts = Object.entries(replication).map(([dc, factor]) => `'${dc}': ${factor}`);
  return `{'class': 'NetworkTopologyStrategy', ${parts.join(', ')}}`;
}

export function splitStatements(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => !line.trim().startsWith('--'))
    .join('\n')
    .split(/;\s*(?:\n|$)/)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0);
}

// The driver waits for schema agreement after each DDL (maxSchemaAgreementWaitSeconds).
async function execute(client: Client, cql: string): Promise<void> {
  await client.execute(cql);
}
