import {
  type ApiKeySummary,
  apiScope,
  createApiKey,
  createPgPool,
  listApiKeys,
  type NewApiKey,
  revokeApiKey,
  type SqlExecutor,
} from '@fareflow/shared';
import type { Command } from 'commander';
import { z } from 'zod';

import { type CliConfig, loadCliConfig } from '../cli-config';

const createOptions = z.object({
  name: z
    .string()
    .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 letters, digits, dots, dashes, underscores'),
  scopes: z
    .string()
    .transform((text) => text.split(',').map((scope) => scope.trim()))
    .pipe(z.array(apiScope).min(1)),
  tenant: z.string().min(1).max(64).optional(),
  rateLimit: z.coerce.number().int().positive().max(10_000_000),
});
export type CreateKeyOptions = z.input<typeof createOptions>;

/** Creates a key; the token is in the result and nowhere else (only its hash is stored). */
export async function createKey(db: SqlExecutor, raw: CreateKeyOptions): Promise<NewApiKey> {
  const parsed = createOptions.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const flag = { rateLimit: 'rate-limit' }[String(issue?.path[0])] ?? String(issue?.path[0] ?? 'options');
    throw new Error(`--${flag}: ${issue?.message ?? 'invalid'}`);
  }
  const { name, scopes, tenant, rateLimit } = parsed.data;
  return createApiKey(db, { name, scopes, tenant, rateLimitPerMinute: rateLimit });
}

const instant = (date: Date | undefined) => (date ? date.toISOString().replace(/\.\d{3}Z$/, 'Z') : '-');

/** `fareflow keys list` as text: one key per line under a header, in aligned columns. */
export function formatKeyTable(keys: ApiKeySummary[]): string {
  const header = ['NAME', 'TENANT', 'SCOPES', 'RATE/MIN', 'CREATED', 'LAST USED', 'REVOKED'];
  const rows = keys.map((key) => [
    key.name,
    key.tenant,
    key.scopes.join(','),
    String(key.rateLimitPerMinute),
    instant(key.createdAt),
    instant(key.lastUsedAt),
    instant(key.revokedAt),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  return [header, ...rows]
    .map((row) =>
      row
        .map((cell, column) => cell.padEnd(widths[column] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

async function withPool<T>(config: CliConfig, work: (db: SqlExecutor) => Promise<T>): Promise<T> {
  const pool = createPgPool({
    connectionString: config.DATABASE_URL,
    schema: config.PG_SCHEMA,
    max: 1,
    applicationName: 'fareflow-cli',
  });
  try {
    return await work(pool);
  } finally {
    await pool.end();
  }
}

/** `fareflow keys create|list|revoke`: API keys of travel sites and agents. */
export function registerKeysCommand(program: Command, env: NodeJS.ProcessEnv): void {
  const keys = program.command('keys').description('API keys (stored hashed in PostgreSQL)');
  keys
    .command('create')
    .description('create a key and print it once (it cannot be shown again)')
    .requiredOption('--name <name>', 'unique name of the key')
    .requiredOption('--scopes <scopes>', 'comma-separated: availability:read, orders:write, orders:read')
    .option('--tenant <tenant>', 'whose data the key sees (default: the name)')
    .option('--rate-limit <perMinute>', 'requests per minute', '600')
    .action(async (options: { name: string; scopes: string; tenant?: string; rateLimit: string }) => {
      const created = await withPool(loadCliConfig(env), (db) => createKey(db, options));
      console.error(
        `key "${created.principal.name}" (${created.principal.scopes.join(', ')}); store it now, it is shown once:`,
      );
      console.log(created.token);
    });
  keys
    .command('list')
    .description('every key: name, tenant, scopes, created, last used (to the minute), revoked; never the secret')
    .option('--json', 'one JSON object per key')
    .action(async (options: { json?: boolean }) => {
      const listed = await withPool(loadCliConfig(env), (db) => listApiKeys(db));
      if (options.json === true) {
        for (const key of listed) {
          console.log(JSON.stringify(key));
        }
      } else {
        console.log(formatKeyTable(listed));
      }
    });
  keys
    .command('revoke')
    .description("revoke a key by name (effective within the APIs' key cache TTL, 5 s by default)")
    .argument('<name>')
    .action(async (name: string) => {
      const isRevoked = await withPool(loadCliConfig(env), (db) => revokeApiKey(db, name));
      if (!isRevoked) {
        throw new Error(`no active key named "${name}"`);
      }
      console.error(`key "${name}" revoked`);
    });
}
