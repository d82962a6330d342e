import { createHash, randomBytes } from 'node:crypto';

import { z } from 'zod';

import type { SqlExecutor } from '../pg/pg-pool';

/**
 * Scopes a key may carry, stored as text in `api_keys.scopes` (no database enum: a new scope needs no
 * migration; a stored scope this list no longer knows is dropped when the key is read).
 * `webhooks:write`: manage the tenant's webhook endpoints and their deliveries (order API).
 */
export const apiScopes = ['availability:read', 'orders:write', 'orders:read', 'webhooks:write'] as const;
export const apiScope = z.enum(apiScopes);
export type ApiScope = z.infer<typeof apiScope>;

/** Who is calling: resolved from a bearer key. `tenant` scopes data (an agent sees only its orders). */
export interface ApiPrincipal {
  keyId: string;
  name: string;
  tenant: string;
  scopes: ApiScope[];
  rateLimitPerMinute: number;
}

export interface NewApiKey {
  principal: ApiPrincipal;
  /** Shown once; only its hash is stored. Format `ff_<keyId>_<secret>`. */
  token: string;
}

const TOKEN_PATTERN = /^ff_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

const sha256 = (text: string) => createHash('sha256').update(text).digest();

interface ApiKeyRow {
  key_id: string;
  name: string;
  tenant: string;
  scopes: string[];
  rate_limit_per_minute: number;
}

function toPrincipal(row: ApiKeyRow): ApiPrincipal {
  return {
    keyId: row.key_id,
    name: row.name,
    tenant: row.tenant,
    scopes: row.scopes.filter((scope): scope is ApiScope => apiScope.safeParse(scope).success),
    rateLimitPerMinute: row.rate_limit_per_minute,
  };
}

export async function createApiKey(
  db: SqlExecutor,
  input: { name: string; tenant?: string; scopes: ApiScope[]; rateLimitPerMinute: number },
): Promise<NewApiKey> {
  const keyId = randomBytes(9)
    .toString('base64url')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '0')
    .slice(0, 12);
  const token = `ff_${keyId}_${randomBytes(32).toString('base64url')}`;
  const { rows } = await db.query<ApiKeyRow>(
    `INSERT INTO api_keys (key_id, name, tenant, secret_sha256, scopes, rate_limit_per_minute)
     VALUES ($1, $2, $3, $4, $5, $6)
     RETURNING key_id, name, tenant, scopes, rate_limit_per_minute`,
    [keyId, input.name, input.tenant ?? input.name, sha256(token), input.scopes, input.rateLimitPerMinute],
  );
  const [row] = rows;
  if (!row) {
    throw new Error('api key insert returned no row');
  }
  return { principal: toPrincipal(row), token };
}

/** Returns true if a key of that name was active and is now revoked. */
export async function revokeApiKey(db: SqlExecutor, name: string): Promise<boolean> {
  const { rowCount } = await db.query('UPDATE api_keys SET revoked_at = now() WHERE name = $1 AND revoked_at IS NULL', [
    name,
  ]);
  return (rowCount ?? 0) > 0;
}

/** How stale `last_used_at` may get: a lookup writes it only if it is older than this. */
export const LAST_USED_RESOLUTION = '1 minute';

/**
 * Resolves a bearer token to its principal; `undefined` for malformed, unknown or revoked keys.
 * Records the use in the same statement, at most once per `LAST_USED_RESOLUTION` per key.
 */
export async function findPrincipalByToken(db: SqlExecutor, token: string): Promise<ApiPrincipal | undefined> {
  if (!TOKEN_PATTERN.test(token)) {
    return undefined;
  }
  const { rows } = await db.query<ApiKeyRow>(
    `WITH found AS (
       SELECT key_id, name, tenant, scopes, rate_limit_per_minute, last_used_at
         FROM api_keys WHERE secret_sha256 = $1 AND revoked_at IS NULL
     ), touched AS (
       UPDATE api_keys k SET last_used_at = now()
         FROM found f
        WHERE k.key_id = f.key_id
          AND (f.last_used_at IS NULL OR f.last_used_at < now() - $2::interval)
     )
     SELECT key_id, name, tenant, scopes, rate_limit_per_minute FROM found`,
    [sha256(token), LAST_USED_RESOLUTION],
  );
  const [row] = rows;
  return row ? toPrincipal(row) : undefined;
}

/** A key as operators see it: never its secret or the secret's hash. */
export interface ApiKeySummary {
  name: string;
  tenant: string;
  scopes: string[];
  rateLimitPerMinute: number;
  createdAt: Date;
  /** To within `LAST_USED_RESOLUTION`; undefined if never used. */
  lastUsedAt: Date | undefined;
  revokedAt: Date | undefined;
}

interface ApiKeySummaryRow {
  name: string;
  tenant: string;
  scopes: string[];
  rate_limit_per_minute: number;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

/** Every key, oldest first, revoked ones included. */
export async function listApiKeys(db: SqlExecutor): Promise<ApiKeySummary[]> {
  const { rows } = await db.query<ApiKeySummaryRow>(
    `SELECT name, tenant, scopes, rate_limit_per_minute, created_at, last_used_at, revoked_at
       FROM api_keys ORDER BY created_at, name`,
  );
  return rows.map((row) => ({
    name: row.name,
    tenant: row.tenant,
    scopes: row.scopes,
    rateLimitPerMinute: row.rate_limit_per_minute,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at ?? undefined,
    revokedAt: row.revoked_at ?? undefined,
  }));
}
