import { findPrincipalByToken, listApiKeys, revokeApiKey } from '@fareflow/shared';
import { createTestDatabase, type TestDatabase } from '@fareflow/shared/test/support/test-resources';

import { createKey, formatKeyTable } from '../../src/commands/keys';

describe('fareflow keys', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.drop());

  it('creates a key whose token resolves to its scopes, stores only a hash, and revokes it', async () => {
    const created = await createKey(db.pool, {
      name: 'site-a',
      scopes: 'availability:read,orders:read',
      rateLimit: '120',
    });
    expect(created.token).toMatch(/^ff_[a-z0-9]{12}_/);
    const principal = await findPrincipalByToken(db.pool, created.token);
    expect(principal).toMatchObject({
      name: 'site-a',
      scopes: ['availability:read', 'orders:read'],
      rateLimitPerMinute: 120,
    });
    const { rows } = await db.pool.query<{ stored: string }>(
      `SELECT encode(secret_sha256, 'hex') AS stored FROM api_keys`,
    );
    expect(rows.map((row) => row.stored)).not.toContain(created.token);
    expect(await revokeApiKey(db.pool, 'site-a')).toBe(true);
    expect(await findPrincipalByToken(db.pool, created.token)).toBeUndefined();
  });

  it.each([
    [{ name: 'b', scopes: 'availability:write', rateLimit: '1' }, '--scopes'],
    [{ name: 'has space', scopes: 'availability:read', rateLimit: '1' }, '--name'],
    [{ name: 'c', scopes: 'availability:read', rateLimit: '0' }, '--rate-limit'],
  ])('refuses bad options naming them: %j', async (options, flag) => {
    await expect(createKey(db.pool, options)).rejects.toThrow(flag);
  });

  it('lists keys with tenant, scopes, created, last used and revoked, never the secret or its hash', async () => {
    const used = await createKey(db.pool, {
      name: 'list-used',
      scopes: 'orders:read',
      tenant: 'agency',
      rateLimit: '60',
    });
    const unused = await createKey(db.pool, { name: 'list-unused', scopes: 'availability:read', rateLimit: '60' });
    await createKey(db.pool, { name: 'list-revoked', scopes: 'availability:read', rateLimit: '60' });
    await revokeApiKey(db.pool, 'list-revoked');
    await findPrincipalByToken(db.pool, used.token);

    const listed = (await listApiKeys(db.pool)).filter((key) => key.name.startsWith('list-'));
    expect(listed.map((key) => key.name)).toEqual(['list-used', 'list-unused', 'list-revoked']);
    const [first, second, third] = listed;
    expect(first).toMatchObject({ tenant: 'agency', scopes: ['orders:read'], rateLimitPerMinute: 60 });
    expect(first?.lastUsedAt).toBeInstanceOf(Date);
    expect(second?.lastUsedAt).toBeUndefined();
    expect(third?.revokedAt).toBeInstanceOf(Date);
    const { rows } = await db.pool.query<{ hash: string }>(
      `SELECT encode(secret_sha256, 'hex') AS hash FROM api_keys WHERE name = 'list-used'`,
    );
    const table = formatKeyTable(listed);
    const printed = [table, JSON.stringify(listed)].join('\n');
    for (const secret of [used.token, unused.token, rows[0]?.hash ?? 'missing']) {
      expect(printed).not.toContain(secret);
    }
    expect(table.split('\n')).toHaveLength(4);
    expect(table).toMatch(/^NAME +TENANT +SCOPES +RATE\/MIN +CREATED +LAST USED +REVOKED$/m);
    expect(table).toMatch(/^list-unused +list-unused +availability:read +60 +\S+ +- +-$/m);
  });

  it('records a use at most once a minute per key, not on every lookup', async () => {
    const created = await createKey(db.pool, { name: 'busy', scopes: 'availability:read', rateLimit: '60' });
    const lastUsed = async () =>
      (await db.pool.query<{ at: Date | null }>(`SELECT last_used_at AS at FROM api_keys WHERE name = 'busy'`)).rows[0]
        ?.at;
    expect(await lastUsed()).toBeNull();
    await findPrincipalByToken(db.pool, created.token);
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await findPrincipalByToken(db.pool, created.token);
    expect(await lastUsed()).toEqual(first);

    // A minute later (moved back rather than waited for), the next lookup records the use again.
    await db.pool.query(`UPDATE api_keys SET last_used_at = now() - interval '61 seconds' WHERE name = 'busy'`);
    const stale = await lastUsed();
    await findPrincipalByToken(db.pool, created.token);
    expect((await lastUsed())?.getTime()).toBeGreaterThan(stale?.getTime() ?? Infinity);
  });
});
