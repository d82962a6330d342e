import { coerceError, type Logger, type PreorderRequested } from '@fareflow/shared';

import { PRICE_MODEL_VERSION } from '../domain/model-settings';
import type { PreorderPublisher, PreorderStore, RunSummary, StoredForecast } from '../domain/ports';
import { planPreorders, type PreorderCandidate, type PreorderPolicy } from '../domain/preorder-plan';

export interface PreorderSettings {
  policy: PreorderPolicy;
  /** Pending decisions re-published per run (left over from a broker outage or a crash). */
  republishLimit: number;
}

const DAY_MS = 86_400_000;

/**
 * Decides this run's pre-orders (stored as pending in one locked transaction, so caps and the
 * daily budget hold across runs), then publishes every pending decision with broker confirms
 * and marks it published. A failed publish stays pending for the next run: same key, so the
 * order service still sees one request per decision.
 */
export async function runPreorders(
  deps: { preorders: PreorderStore; publisher: PreorderPublisher; preorder: PreorderSettings; now: () => Date },
  forecasts: readonly StoredForecast[],
  today: number,
  now: Date,
  summary: RunSummary,
  logger: Logger,
): Promise<void> {
  const candidates = forecasts
    .filter((forecast) => forecast.advice === 'BUY')
    .map((forecast) => toCandidate(forecast, today));
  if (candidates.length > 0 && Object.keys(deps.preorder.policy.budgets).length > 0) {
    const budgetPeriodStart = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
    await deps.preorders.decide(candidates, budgetPeriodStart, (ledger) => {
      const plan = planPreorders(candidates, deps.preorder.policy, ledger, PRICE_MODEL_VERSION, now);
      summary.preordersSkipped += plan.skipped.length;
      return plan.requests;
    });
  }
  const pending = await deps.preorders.findPending(deps.preorder.republishLimit);
  for (const request of pending) {
    if (await publishOne(deps, request, logger)) {
      summary.preordersPublished += 1;
    }
  }
}

async function publishOne(
  deps: { preorders: PreorderStore; publisher: PreorderPublisher; now: () => Date },
  request: PreorderRequested,
  logger: Logger,
): Promise<boolean> {
  try {
    await deps.publisher.publish(request);
    await deps.preorders.markPublished(request.idempotencyKey, deps.now());
    return true;
  } catch (error) {
    logger.warn({ err: coerceError(error), key: request.idempotencyKey }, 'pre-order not published; retried next run');
    return false;
  }
}

function toCandidate(forecast: StoredForecast, today: number): PreorderCandidate {
  return {
    flightId: forecast.flightId,
    cabin: forecast.cabin,
    currency: forecast.currency,
    price: forecast.currentPrice,
    asOfDay: today,
    seatsAvailable: forecast.seatsAvailable,
    advice: {
      action: forecast.advice,
      confidence: forecast.adviceConfidence,
      expectedSaving: 0,
      samples: 0,
      reason: forecast.advice === 'BUY' ? 'the fare is not expected to fall' : 'a lower fare is expected',
    },
    demand: { expectedBookings: forecast.expectedBookings, low: 0, high: 0, dailyRate: 0, basis: 'seats' },
    expectedLowestPrice: forecast.expectedLowestPrice,
  };
}
