import type { SqlExecutor } from '@fareflow/shared';

import { lockOrders } from '../adapters/order-locks.repository';
import { chargeAnswerStatuses, commandForChargeAnswer, decide } from '../domain/order-lifecycle';
import { isDeclined, type PaymentAnswer } from '../domain/payment';
import { type AppliedDecision, type WriteContext, writeDecisions } from './write-decisions';

export interface ChargeOutcome {
  orderId: string;
  idempotencyKey: string;
  result: PaymentAnswer;
}

export interface FinalizeResult {
  applied: AppliedDecision[];
  declined: number;
}

/**
 * Records the gateway's answers for orders waiting on a charge, in the caller's transaction: the
 * lifecycle decides each (`confirm`, `fail`, or `complete-change` for a change's fare difference).
 * Orders no longer waiting (a duplicate got there first) are skipped: this is idempotent.
 */
export async function finalizeCharges(
  tx: SqlExecutor,
  outcomes: ChargeOutcome[],
  context: WriteContext,
): Promise<FinalizeResult> {
  if (outcomes.length === 0) {
    return { applied: [], declined: 0 };
  }
  const byOrder = new Map(outcomes.map((outcome) => [outcome.orderId, outcome]));
  const orders = await lockOrders(tx, [...byOrder.keys()], chargeAnswerStatuses);
  const applied: AppliedDecision[] = [];
  let declined = 0;
  for (const order of orders) {
    const outcome = byOrder.get(order.orderId);
    if (!outcome) {
      continue;
    }
    const payment = { idempotencyKey: outcome.idempotencyKey, answer: outcome.result };
    const decision = decide(order, commandForChargeAnswer(order, payment));
    if (decision.kind === 'apply') {
      applied.push({ orderId: order.orderId, decision });
      declined += isDeclined(outcome.result) ? 1 : 0;
    }
  }
  await writeDecisions(tx, applied, context);
  return { applied, declined };
}
