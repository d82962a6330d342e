import { findPrincipalByToken, revokeApiKey } from '@fareflow/shared';
import { createTestDatabase, type TestDatabase } from '@fareflow/shared/test/support/test-resources';

import { createKey } from '../../src/commands/keys';

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
});
