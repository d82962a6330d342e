import { observeScope, replayInstants, scopesAt } from '../../../src/history-seed/replay-plan';
import { createSimulatedMarket } from '../../../src/history-seed/simulated-market';
import { planScrapeJobs } from '../../../src/scheduling/scrape-planner';

const NOW = Date.parse('2026-12-02T08:30:00Z');

describe('history replay plan', () => {
  it('replays one instant per past UTC day at noon, oldest first, the same whenever it runs that day', () => {
    expect(replayInstants(NOW, 3).map((instant) => new Date(instant).toISOString())).toEqual([
      '2026-11-29T12:00:00.000Z',
      '2026-11-30T12:00:00.000Z',
      '2026-12-01T12:00:00.000Z',
    ]);
    expect(replayInstants(NOW + 10 * 3_600_000, 3)).toEqual(replayInstants(NOW, 3));
  });

  it('covers the scopes the live scrape plans, with the same job keys', () => {
    const { targets } = createSimulatedMarket({
      flightsPerDay: 40,
      maxRoutes: 20,
      seed: 42,
      cabins: ['ECONOMY'],
      saleShare: 0.3,
    });
    const at = replayInstants(NOW, 1)[0] ?? 0;
    const planned = planScrapeJobs({ targets, nowMs: at, horizonDays: 2, jobTtlMs: 60_000 }).map((job) => job.jobKey);
    expect(
      scopesAt(targets, at, 2)
        .map((scope) => scope.jobKey)
        .sort(),
    ).toEqual(planned.sort());
  });

  it("observes a scope through the airline's format and ingest's parser, with deterministic ids", () => {
    const { market, targets } = createSimulatedMarket({
      flightsPerDay: 40,
      maxRoutes: 20,
      seed: 42,
      cabins: ['ECONOMY', 'BUSINESS'],
      saleShare: 0.3,
    });
    const at = replayInstants(NOW, 1)[0] ?? 0;
    const scopes = scopesAt(targets, at, 2);
    const observed = scopes.map((scope) => observeScope(market, scope, at));
    const observations = observed.flatMap((result) => result.observations);
    expect(observed.flatMap((result) => result.skipped)).toEqual([]);
    expect(new Set(observations.map((observation) => observation.source))).toEqual(
      new Set(['amadeus', 'duffel', 'feed']),
    );
    expect(observations.every((observation) => observation.observedAt === '2026-12-01T12:00:00.000Z')).toBe(true);
    expect(observations.every((observation) => Date.parse(observation.departureUtc) > at)).toBe(true);
    const again = scopes.flatMap((scope) => observeScope(market, scope, at).observations);
    expect(again.map((observation) => observation.observationId)).toEqual(
      observations.map((observation) => observation.observationId),
    );
  });

  it("also observes today's departures on every simulated day, so they have their whole history", () => {
    const { targets } = createSimulatedMarket({
      flightsPerDay: 40,
      maxRoutes: 20,
      seed: 42,
      cabins: ['ECONOMY'],
      saleShare: 0.3,
    });
    const [monthAgo] = replayInstants(NOW, 30);
    const days = (scopes: { departureDate: string }[]) => [...new Set(scopes.map((scope) => scope.departureDate))];
    // NOW is 2026-12-02: thirty days before, the cycle covers its own two days and today's two.
    expect(days(scopesAt(targets, monthAgo ?? 0, 2, '2026-12-02')).sort()).toEqual([
      '2026-11-02',
      '2026-11-03',
      '2026-12-02',
      '2026-12-03',
    ]);
    // Yesterday's cycle overlaps today's window: each scope once.
    const [yesterday] = replayInstants(NOW, 1);
    const scopes = scopesAt(targets, yesterday ?? 0, 2, '2026-12-02');
    expect(days(scopes).sort()).toEqual(['2026-12-01', '2026-12-02', '2026-12-03']);
    expect(new Set(scopes.map((scope) => scope.jobKey)).size).toBe(scopes.length);
  });
});
