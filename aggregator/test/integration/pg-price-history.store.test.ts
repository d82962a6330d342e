import { createTestDatabase, silentLogger, type TestDatabase } from '@fareflow/shared/test/support/test-resources';

import { createPgPriceHistoryStore } from '../../src/adapters/pg-price-history.store';
import type { HistoryRow } from '../../src/domain/ports';
import { makeFareObservation } from '../support/fare-fixtures';

// Migrating a fresh schema is slow on a busy 2-core machine.
jest.setTimeout(120_000);

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});

afterAll(async () => {
  await db?.drop();
});

function historyRow(observedAt: string, overrides: Partial<HistoryRow> = {}): HistoryRow {
  const message = makeFareObservation({}, { observedAt });
  return {
    observedAt,
    observationId: message.observationId,
    kind: message.kind,
    flightId: message.flightId,
    carrier: message.carrier,
    flightNumber: message.flightNumber,
    origin: message.origin,
    destination: message.destination,
    departureDate: '2026-12-01',
    departureUtc: message.departureUtc,
    cabin: message.cabin,
    fareClass: message.fareClass,
    price: '1234.567891',
    currency: message.currency,
    seatsAvailable: message.seatsAvailable,
    source: message.source,
    ...overrides,
  };
}

async function partitionsOf(): Promise<string[]> {
  const { rows } = await db.pool.query<{ name: string }>(
    `SELECT child.relname AS name FROM pg_inherits
       JOIN pg_class parent ON parent.oid = inhparent JOIN pg_class child ON child.oid = inhrelid
       JOIN pg_namespace ns ON ns.oid = parent.relnamespace
      WHERE parent.relname = 'price_observations' AND ns.nspname = $1 ORDER BY 1`,
    [db.schema],
  );
  return rows.map((row) => row.name);
}

describe('PostgreSQL price history', () => {
  it('stores a batch once, however often it is appended, and keeps the exact price', async () => {
    const store = createPgPriceHistoryStore({ pool: db.pool, logger: silentLogger() });
    const rows = [historyRow('2026-11-20T10:00:00.123456Z'), historyRow('2026-11-20T10:00:01Z')];
    const duplicate = rows[0] as HistoryRow;
    expect(await store.append([...rows, duplicate])).toBe(2);
    expect(await store.append(rows)).toBe(0);
    const { rows: stored } = await db.pool.query<{ price: string; observed_at: Date }>(
      'SELECT price::text AS price, observed_at FROM price_observations WHERE observation_id = $1',
      [duplicate.observationId],
    );
    expect(stored).toEqual([{ price: '1234.567891', observed_at: new Date('2026-11-20T10:00:00.123Z') }]);
  });

  it('creates the partition of a month it has not seen yet, on demand', async () => {
    const store = createPgPriceHistoryStore({ pool: db.pool, logger: silentLogger() });
    expect(await partitionsOf()).not.toContain('price_observations_202402');
    expect(await store.append([historyRow('2024-02-29T23:59:59Z')])).toBe(1);
    expect(await partitionsOf()).toContain('price_observations_202402');
  });

  it('recreates a partition that disappeared behind its cache and retries the batch', async () => {
    const store = createPgPriceHistoryStore({ pool: db.pool, logger: silentLogger() });
    await store.append([historyRow('2023-05-10T00:00:00Z')]);
    await db.pool.query('DROP TABLE price_observations_202305');
    expect(await store.append([historyRow('2023-05-11T00:00:00Z')])).toBe(1);
    const { rows } = await db.pool.query('SELECT 1 FROM price_observations_202305');
    expect(rows).toHaveLength(1);
  });

  it('creates partitions from last month to the months ahead', async () => {
    const store = createPgPriceHistoryStore({ pool: db.pool, logger: silentLogger() });
    await store.ensureAhead(Date.parse('2031-01-15T00:00:00Z'), 2);
    expect(await partitionsOf()).toEqual(
      expect.arrayContaining([
        'price_observations_203012',
        'price_observations_203101',
        'price_observations_203102',
        'price_observations_203103',
      ]),
    );
  });

  it('refuses a row the table cannot hold as a permanent error, writing nothing of the batch', async () => {
    const store = createPgPriceHistoryStore({ pool: db.pool, logger: silentLogger() });
    const good = historyRow('2026-11-20T11:00:00Z');
    const bad = historyRow('2026-11-20T11:00:00Z', { seatsAvailable: -1 });
    await expect(store.append([good, bad])).rejects.toMatchObject({ code: 'HISTORY_REJECTED', isRetryable: false });
    const { rows } = await db.pool.query('SELECT 1 FROM price_observations WHERE observation_id = $1', [
      good.observationId,
    ]);
    expect(rows).toHaveLength(0);
  });
});
