import { epochDayOf, fromEpochDay } from '../../src/domain/calendar';
import {
  buildJob,
  createHarness,
  type PredictorHarness,
  seededFlight,
  seedObservations,
} from '../support/predictor-harness';

let harness: PredictorHarness;
const now = new Date();
const today = epochDayOf(now);
const ladder = (days: number, from: number) =>
  Array.from({ length: days }, (_, i) => (from + 10 * Math.floor(i / 7)).toFixed(2));

const flights = [
  // eu region (FRA is in Europe): two flights on one day, the cheaper economy one makes the insight.
  seededFlight('LH', '400', 'FRA', 'JFK', today + 20, today, ladder(30, 200)),
  seededFlight('LH', '402', 'FRA', 'JFK', today + 20, today, ladder(30, 150)),
  seededFlight('LH', '400', 'FRA', 'JFK', today + 20, today, ladder(30, 90), { cabin: 'BUSINESS' }),
  seededFlight('LH', '400', 'FRA', 'JFK', today + 40, today, ladder(30, 120)),
  // us region.
  seededFlight('AA', '10', 'JFK', 'LAX', today + 15, today - 1, ladder(30, 300), { currency: 'USD' }),
  // Not active: departed, and one not observed for a week. Both still teach the model.
  seededFlight('LH', '400', 'FRA', 'JFK', today - 2, today - 2, ladder(40, 100)),
  seededFlight('LH', '404', 'FRA', 'JFK', today + 30, today - 7, ladder(20, 100)),
];

beforeAll(async () => {
  harness = await createHarness({ cassandra: true });
  await seedObservations(harness, flights);
}, 120_000);

afterAll(async () => {
  await harness.close();
}, 60_000);

describe('scheduled forecast job', () => {
  it('writes forecasts of active flights to PostgreSQL and records the run', async () => {
    const summary = await buildJob(harness, now).run();

    expect(summary).toMatchObject({ flights: 5, forecasts: 5 });
    const { rows } = await harness.db.pool.query<{
      flight_id: string;
      cabin: string;
      current_price: string;
      departure_date: string;
      advice: string;
      path: { date: string; median: string }[];
      expected_bookings: number;
      currency: string;
    }>(
      `SELECT flight_id, cabin, current_price::text, departure_date::text, advice, path, expected_bookings, currency
         FROM price_forecasts ORDER BY flight_id, cabin`,
    );
    expect(rows.map((row) => `${row.flight_id}/${row.cabin}`)).toEqual([
      `AA10-${fromEpochDay(today + 15)}-JFK-LAX/ECONOMY`,
      `LH400-${fromEpochDay(today + 20)}-FRA-JFK/BUSINESS`,
      `LH400-${fromEpochDay(today + 20)}-FRA-JFK/ECONOMY`,
      `LH400-${fromEpochDay(today + 40)}-FRA-JFK/ECONOMY`,
      `LH402-${fromEpochDay(today + 20)}-FRA-JFK/ECONOMY`,
    ]);
    const lh402 = rows[4]!;
    expect(lh402.current_price).toBe('190.000000');
    expect(lh402.path).toHaveLength(20);
    expect(lh402.path[19]!.date).toBe(fromEpochDay(today + 20));
    expect(lh402.path[0]!.median).toMatch(/^\d+\.\d{2}$/);
    // Seats fell by one a day: about one booking per day left.
    expect(lh402.expected_bookings).toBeCloseTo(20, 0);
    expect(rows[0]!.currency).toBe('USD');

    const run = await harness.db.pool.query<{ status: string; forecasts: number }>(
      'SELECT status, forecasts FROM forecast_runs',
    );
    expect(run.rows).toEqual([{ status: 'succeeded', forecasts: 5 }]);
  }, 60_000);

  it('writes insights into the keyspace of the region the availability API reads', async () => {
    const eu = harness.keyspaces!.store('eu');
    const us = harness.keyspaces!.store('us');
    // The same query shape as the availability API: partition (origin, destination), clustered by day.
    const euRows = await eu.client.execute(
      `SELECT departure_date, currency, advice, advice_confidence, expected_lowest_price, band_samples, forecast_path, model_version
         FROM ${eu.keyspace}.price_insights WHERE origin = ? AND destination = ?`,
      ['FRA', 'JFK'],
      { prepare: true },
    );
    expect(euRows.rows.map((row) => String(row['departure_date']))).toEqual([
      fromEpochDay(today + 20),
      fromEpochDay(today + 40),
    ]);
    const day20 = euRows.rows[0]!;
    expect(day20['currency']).toBe('EUR');
    expect(['BUY', 'WAIT']).toContain(day20['advice']);
    expect(JSON.parse(String(day20['forecast_path']))).toHaveLength(20);
    // The cheapest economy flight of the day (LH402 at 190.00 now) is the one described.
    expect(Number(String(day20['expected_lowest_price']))).toBeLessThanOrEqual(190);
    expect(day20['band_samples']).toBeGreaterThan(0);

    const usRows = await us.client.execute(
      `SELECT origin, destination FROM ${us.keyspace}.price_insights WHERE origin = ? AND destination = ?`,
      ['JFK', 'LAX'],
      { prepare: true },
    );
    expect(usRows.rows).toHaveLength(1);
    const misplaced = await us.client.execute(
      `SELECT origin FROM ${us.keyspace}.price_insights WHERE origin = ? AND destination = ?`,
      ['FRA', 'JFK'],
      { prepare: true },
    );
    expect(misplaced.rows).toHaveLength(0);
  }, 30_000);

  it('publishes pre-orders for BUY advice once per decision, even when the job runs again the same day', async () => {
    const first = await harness.drainPreorders();
    const decided = await harness.db.pool.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM preorder_decisions WHERE status = 'published'`,
    );
    expect(first.length).toBe(Number(decided.rows[0]!.n));
    expect(first.length).toBeGreaterThan(0);
    for (const request of first) {
      expect(request.seats).toBeLessThanOrEqual(6);
      expect(request.advice.action).toBe('BUY');
    }

    const again = await buildJob(harness, now).run();
    expect(again.preordersPublished).toBe(0);
    expect(await harness.drainPreorders()).toEqual([]);
  }, 60_000);
});
