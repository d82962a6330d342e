import { silentLogger } from '@fareflow/shared/test/support/test-resources';

import { createPgPreorderStore } from '../../src/adapters/pg-preorder.repository';
import type { PreorderPublisher, RunSummary, StoredForecast } from '../../src/domain/ports';
import { runPreorders } from '../../src/jobs/preorder-step';
import { createHarness, type PredictorHarness, testPolicy } from '../support/predictor-harness';

let harness: PredictorHarness;
const now = new Date('2030-03-10T08:00:00Z');
const today = Math.floor(now.getTime() / 86_400_000);

const forecast = (flightId: string, overrides: Partial<StoredForecast> = {}): StoredForecast => ({
  flightId,
  cabin: 'ECONOMY',
  origin: 'FRA',
  destination: 'JFK',
  departureDate: '2030-04-01',
  asOfDate: '2030-03-10',
  currency: 'EUR',
  currentPrice: '120.00',
  expectedLowestPrice: '120.00',
  expectedLowestDate: '2030-03-10',
  riseProbability7d: 0.4,
  advice: 'BUY',
  adviceConfidence: 0.8,
  expectedBookings: 40,
  seatsAvailable: 90,
  path: [],
  ...overrides,
});
const emptySummary = (): RunSummary => ({
  runId: 'r',
  flights: 0,
  forecasts: 0,
  insights: 0,
  insightsSkipped: 0,
  preordersPublished: 0,
  preordersSkipped: 0,
  durationMs: 0,
});

async function run(
  forecasts: StoredForecast[],
  options: { day?: number; budgets?: Record<string, string>; publisher?: PreorderPublisher } = {},
) {
  const at = new Date(now.getTime() + ((options.day ?? today) - today) * 86_400_000);
  const summary = emptySummary();
  await runPreorders(
    {
      preorders: createPgPreorderStore(harness.db.pool, () => at),
      publisher: options.publisher ?? harness.publisher,
      preorder: { policy: { ...testPolicy, budgets: options.budgets ?? testPolicy.budgets }, republishLimit: 100 },
      now: () => at,
    },
    forecasts,
    options.day ?? today,
    at,
    summary,
    silentLogger(),
  );
  return summary;
}

beforeAll(async () => {
  harness = await createHarness({ cassandra: false });
}, 60_000);

afterAll(async () => {
  await harness.close();
}, 60_000);

beforeEach(async () => {
  await harness.db.pool.query('DELETE FROM preorder_decisions');
  await harness.drainPreorders();
});

describe('pre-orders', () => {
  it('are published once per decision: a second run the same day publishes nothing', async () => {
    const flights = [forecast('LH400-2030-04-01-FRA-JFK'), forecast('LH402-2030-04-01-FRA-JFK')];
    expect((await run(flights)).preordersPublished).toBe(2);
    expect((await run(flights)).preordersPublished).toBe(0);

    const messages = await harness.drainPreorders();
    expect(messages.map((message) => message.flightId).sort()).toEqual([
      'LH400-2030-04-01-FRA-JFK',
      'LH402-2030-04-01-FRA-JFK',
    ]);
    expect(messages[0]).toMatchObject({
      seats: 6,
      maxPrice: '122.40',
      currency: 'EUR',
      schema: 'preorder.requested.v1',
    });
    const { rows } = await harness.db.pool.query<{ status: string }>('SELECT status FROM preorder_decisions');
    expect(rows).toEqual([{ status: 'published' }, { status: 'published' }]);
  }, 30_000);

  it('hold the per-flight cap across decisions on later days', async () => {
    const flight = forecast('LH400-2030-04-01-FRA-JFK');
    await run([flight], { day: today });
    const second = await run([flight], { day: today + 1 });
    expect(second.preordersPublished).toBe(0);
    expect(second.preordersSkipped).toBe(1);
    const seats = await harness.db.pool.query<{ total: string }>(
      'SELECT sum(seats)::text AS total FROM preorder_decisions',
    );
    expect(seats.rows[0]!.total).toBe(String(testPolicy.maxSeatsPerFlight));
    expect(await harness.drainPreorders()).toHaveLength(1);
  }, 30_000);

  it('stay within the daily budget', async () => {
    // 6 seats x 122.40 = 734.40 each: a 1000.00 budget pays for one.
    const flights = [
      forecast('LH400-2030-04-01-FRA-JFK'),
      forecast('LH402-2030-04-01-FRA-JFK', { adviceConfidence: 0.9 }),
    ];
    const summary = await run(flights, { budgets: { EUR: '1000.00' } });
    expect(summary.preordersPublished).toBe(1);
    const messages = await harness.drainPreorders();
    expect(messages.map((message) => message.flightId)).toEqual(['LH402-2030-04-01-FRA-JFK']);
    const spent = await harness.db.pool.query<{ spent: string }>(
      'SELECT sum(seats * max_price)::text AS spent FROM preorder_decisions',
    );
    expect(Number(spent.rows[0]!.spent)).toBeLessThanOrEqual(1000);
  }, 30_000);

  it('are not published for WAIT advice', async () => {
    const summary = await run([forecast('LH400-2030-04-01-FRA-JFK', { advice: 'WAIT' })]);
    expect(summary.preordersPublished).toBe(0);
    expect(await harness.drainPreorders()).toEqual([]);
  }, 30_000);

  it('stay pending when the broker does not confirm, and go out exactly once on the next run', async () => {
    const failing: PreorderPublisher = {
      publish: () => Promise.reject(new Error('broker did not confirm')),
    };
    const flights = [forecast('LH400-2030-04-01-FRA-JFK')];
    expect((await run(flights, { publisher: failing })).preordersPublished).toBe(0);
    const pending = await harness.db.pool.query<{ status: string }>('SELECT status FROM preorder_decisions');
    expect(pending.rows).toEqual([{ status: 'pending' }]);
    expect(await harness.drainPreorders()).toEqual([]);

    expect((await run(flights)).preordersPublished).toBe(1);
    expect((await run(flights)).preordersPublished).toBe(0);
    expect(await harness.drainPreorders()).toHaveLength(1);
  }, 30_000);
});
