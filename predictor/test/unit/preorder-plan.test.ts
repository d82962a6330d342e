import { preorderRequestedV1 } from '@fareflow/shared';

import type { BuyWaitAdvice } from '../../src/domain/buy-wait-advice';
import {
  planPreorders,
  type PreorderCandidate,
  preorderKey,
  type PreorderLedger,
  type PreorderPolicy,
} from '../../src/domain/preorder-plan';

const buy: BuyWaitAdvice = {
  action: 'BUY',
  confidence: 0.8,
  expectedSaving: 0,
  samples: 500,
  reason: 'waiting rarely paid off',
};
const candidate = (flightId: string, overrides: Partial<PreorderCandidate> = {}): PreorderCandidate => ({
  flightId,
  cabin: 'ECONOMY',
  currency: 'EUR',
  price: '100.00',
  asOfDay: 20_000,
  seatsAvailable: 50,
  advice: buy,
  demand: { expectedBookings: 20, low: 15, high: 25, dailyRate: 1, basis: 'seats' },
  expectedLowestPrice: '100.00',
  ...overrides,
});
const policy: PreorderPolicy = {
  demandShare: 0.5,
  minExpectedBookings: 2,
  minConfidence: 0.6,
  maxSeatsPerFlight: 6,
  budgets: { EUR: '1000.00' },
  priceToleranceBasisPoints: 200,
  expiresAfterMs: 3_600_000,
};
const emptyLedger: PreorderLedger = { hasDecision: () => false, seatsRequested: () => 0, spent: () => '0' };
const now = new Date('2024-10-05T10:00:00Z');

describe('pre-order planning', () => {
  it('requests a share of demand, capped per flight, at a max price with tolerance, as a valid message', () => {
    const plan = planPreorders([candidate('LH400-2024-11-01-FRA-JFK')], policy, emptyLedger, 'v1', now);
    expect(plan.requests).toHaveLength(1);
    const request = plan.requests[0]!;
    expect(preorderRequestedV1.parse(request)).toEqual(request);
    expect(request).toMatchObject({
      seats: 6,
      maxPrice: '102.00',
      currency: 'EUR',
      expiresAt: '2024-10-05T11:00:00.000Z',
    });
    expect(request.idempotencyKey).toBe(preorderKey('LH400-2024-11-01-FRA-JFK', 'ECONOMY', 20_000, 'v1'));
  });

  it('counts seats already requested for the flight against the cap', () => {
    const ledger = { ...emptyLedger, seatsRequested: () => 4 };
    const plan = planPreorders([candidate('LH400-2024-11-01-FRA-JFK')], policy, ledger, 'v1', now);
    expect(plan.requests[0]!.seats).toBe(2);
    const full = planPreorders(
      [candidate('LH400-2024-11-01-FRA-JFK')],
      policy,
      { ...emptyLedger, seatsRequested: () => 6 },
      'v1',
      now,
    );
    expect(full.requests).toEqual([]);
    expect(full.skipped).toEqual([{ flightId: 'LH400-2024-11-01-FRA-JFK', reason: 'per-flight cap reached' }]);
  });

  it('stays within the budget, most confident first, counting what was spent earlier in the period', () => {
    const candidates = [
      candidate('LH400-2024-11-01-FRA-JFK', { advice: { ...buy, confidence: 0.7 } }),
      candidate('LH401-2024-11-01-FRA-JFK', { advice: { ...buy, confidence: 0.9 } }),
    ];
    // Each costs 6 x 102.00 = 612.00; 1000.00 - 300.00 spent leaves room for one.
    const plan = planPreorders(candidates, policy, { ...emptyLedger, spent: () => '300.00' }, 'v1', now);
    expect(plan.requests.map((request) => request.flightId)).toEqual(['LH401-2024-11-01-FRA-JFK']);
    expect(plan.skipped).toEqual([{ flightId: 'LH400-2024-11-01-FRA-JFK', reason: 'budget exhausted' }]);
  });

  it('never decides twice: a key already in the ledger is skipped', () => {
    const key = preorderKey('LH400-2024-11-01-FRA-JFK', 'ECONOMY', 20_000, 'v1');
    const ledger = { ...emptyLedger, hasDecision: (k: string) => k === key };
    expect(planPreorders([candidate('LH400-2024-11-01-FRA-JFK')], policy, ledger, 'v1', now).requests).toEqual([]);
  });

  it('ignores WAIT advice, low confidence, thin demand and currencies without a budget', () => {
    const plan = planPreorders(
      [
        candidate('LH400-2024-11-01-FRA-JFK', { advice: { ...buy, action: 'WAIT' } }),
        candidate('LH401-2024-11-01-FRA-JFK', { advice: { ...buy, confidence: 0.3 } }),
        candidate('LH402-2024-11-01-FRA-JFK', {
          demand: { expectedBookings: 1, low: 0, high: 2, dailyRate: 0.1, basis: 'seats' },
        }),
        candidate('LH403-2024-11-01-FRA-JFK', { currency: 'USD' }),
      ],
      policy,
      emptyLedger,
      'v1',
      now,
    );
    expect(plan.requests).toEqual([]);
    expect(plan.skipped).toEqual([{ flightId: 'LH403-2024-11-01-FRA-JFK', reason: 'no budget in USD' }]);
  });
});
