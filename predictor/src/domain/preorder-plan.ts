import { compareAmounts, fromScaled, PREORDER_REQUESTED_V1, type PreorderRequested, toScaled } from '@fareflow/shared';

import type { BuyWaitAdvice } from './buy-wait-advice';
import { fromEpochDay } from './calendar';
import type { DemandEstimate } from './demand-model';

export interface PreorderCandidate {
  flightId: string;
  cabin: PreorderRequested['cabin'];
  currency: string;
  /** Today's fare (exact decimal string). */
  price: string;
  asOfDay: number;
  seatsAvailable: number;
  advice: BuyWaitAdvice;
  demand: DemandEstimate;
  expectedLowestPrice: string;
}

export interface PreorderPolicy {
  /** Share of the expected bookings bought ahead (0..1). */
  demandShare: number;
  /** Fewer expected bookings than this: no pre-order. */
  minExpectedBookings: number;
  /** BUY advice below this confidence: no pre-order. */
  minConfidence: number;
  /** Most seats ever requested for one flight and cabin, across all decisions. */
  maxSeatsPerFlight: number;
  /** Spend per currency per budget period (exact decimal strings); a currency without a budget is never pre-ordered. */
  budgets: Readonly<Record<string, string>>;
  /** maxPrice = today's price x (1 + tolerance): the fare may tick up before the order service buys. */
  priceToleranceBasisPoints: number;
  expiresAfterMs: number;
}

/** What has been committed before this run: read from the decisions table in the same transaction. */
export interface PreorderLedger {
  hasDecision(idempotencyKey: string): boolean;
  seatsRequested(flightId: string, cabin: string): number;
  /** Spent (seats x maxPrice) in the current budget period, per currency. */
  spent(currency: string): string;
}

export interface PreorderPlan {
  requests: PreorderRequested[];
  skipped: { flightId: string; reason: string }[];
}

/** One decision = one flight and cabin, one day, one model: the key that makes publishing idempotent. */
export function preorderKey(flightId: string, cabin: string, asOfDay: number, modelVersion: string): string {
  return `preorder:${flightId}:${cabin}:${fromEpochDay(asOfDay)}:${modelVersion}`;
}

/**
 * Chooses the pre-orders of one run: BUY advice with enough confidence and demand, sized to a
 * share of the demand, within the per-flight cap and the budget. The most confident go first.
 */
export function planPreorders(
  candidates: readonly PreorderCandidate[],
  policy: PreorderPolicy,
  ledger: PreorderLedger,
  modelVersion: string,
  now: Date,
): PreorderPlan {
  const plan: PreorderPlan = { requests: [], skipped: [] };
  const spent = new Map<string, bigint>();
  const ordered = [...candidates].sort((a, b) => b.advice.confidence - a.advice.confidence);
  for (const candidate of ordered) {
    const skip = (reason: string) => plan.skipped.push({ flightId: candidate.flightId, reason });
    const key = preorderKey(candidate.flightId, candidate.cabin, candidate.asOfDay, modelVersion);
    if (candidate.advice.action !== 'BUY' || candidate.advice.confidence < policy.minConfidence) {
      continue;
    }
    if (candidate.demand.expectedBookings < policy.minExpectedBookings) {
      continue;
    }
    if (ledger.hasDecision(key)) {
      skip('already decided');
      continue;
    }
    const room = policy.maxSeatsPerFlight - ledger.seatsRequested(candidate.flightId, candidate.cabin);
    const wanted = Math.floor(candidate.demand.expectedBookings * policy.demandShare);
    const seats = Math.min(wanted, room, candidate.seatsAvailable);
    if (seats < 1) {
      skip(room < 1 ? 'per-flight cap reached' : 'nothing to buy');
      continue;
    }
    const budget = policy.budgets[candidate.currency];
    if (budget === undefined) {
      skip(`no budget in ${candidate.currency}`);
      continue;
    }
    const maxPrice = fromScaled(
      (toScaled(candidate.price) * BigInt(10_000 + policy.priceToleranceBasisPoints)) / 10_000n,
    );
    const cost = toScaled(maxPrice) * BigInt(seats);
    const already = spent.get(candidate.currency) ?? toScaled(ledger.spent(candidate.currency));
    if (compareAmounts(fromScaled(already + cost), budget) > 0) {
      skip('budget exhausted');
      continue;
    }
    spent.set(candidate.currency, already + cost);
    plan.requests.push(toRequest(candidate, key, seats, maxPrice, policy, modelVersion, now));
  }
  return plan;
}

function toRequest(
  candidate: PreorderCandidate,
  idempotencyKey: string,
  seats: number,
  maxPrice: string,
  policy: PreorderPolicy,
  modelVersion: string,
  now: Date,
): PreorderRequested {
  return {
    schema: PREORDER_REQUESTED_V1,
    idempotencyKey,
    flightId: candidate.flightId,
    cabin: candidate.cabin,
    seats,
    maxPrice,
    currency: candidate.currency,
    expiresAt: new Date(now.getTime() + policy.expiresAfterMs).toISOString(),
    requestedAt: now.toISOString(),
    reason: `BUY advised (${candidate.advice.reason}); ${candidate.demand.expectedBookings.toFixed(1)} bookings expected before departure`,
    advice: {
      action: 'BUY',
      confidence: Math.min(1, Math.max(0, candidate.advice.confidence)),
      expectedDemand: candidate.demand.expectedBookings,
      expectedLowestPrice: candidate.expectedLowestPrice,
      modelVersion,
    },
  };
}
