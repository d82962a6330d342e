import { sleep } from '@fareflow/shared';
import {
  createTestDatabase,
  createTestKeyspaces,
  type TestDatabase,
  type TestKeyspaces,
} from '@fareflow/shared/test/support/test-resources';

/**
 * node-pg-migrate's advisory lock is one for the whole server, and it fails rather than waits:
 * when another engineer's tests migrate their own fresh schema at the same moment, ours gets
 * "Another migration is already running". Retry that (only that) for a while.
 */
async function createDatabaseRetrying(): Promise<TestDatabase> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await createTestDatabase();
    } catch (error) {
      const isLockBusy = error instanceof Error && error.message.includes('Another migration is already running');
      if (!isLockBusy || attempt >= 40) {
        throw error;
      }
      await sleep(250 + Math.floor(Math.random() * 500));
    }
  }
}

export interface Resources {
  keyspaces: TestKeyspaces;
  db: TestDatabase;
  release(): Promise<void>;
}

/** Fresh keyspaces and a fresh schema; if either fails, what was created is released before rethrowing. */
export async function createResources(): Promise<Resources> {
  const keyspaces = await createTestKeyspaces();
  try {
    const db = await createDatabaseRetrying();
    return {
      keyspaces,
      db,
      async release() {
        await keyspaces.drop();
        await db.drop();
      },
    };
  } catch (error) {
    await keyspaces.drop();
    throw error;
  }
}
