import { finalItemStates, type OrderItem, orderStatuses } from '../../src/domain/order';
import {
  commandForAllocation,
  commandForChargeAnswer,
  decide,
  type Decision,
  finalStatuses,
  orderCommandKinds,
} from '../../src/domain/order-lifecycle';
import {
  A,
  AFTER_DEADLINE,
  B,
  BEFORE_DEADLINE,
  commands,
  grant,
  inventoryRow,
  itemOnA,
  orderIn,
  replacementOnB,
  SALES_CLOCK,
  succeededCharge,
  typeFor,
} from '../support/order-lifecycle-fixtures';

const declined = {
  idempotencyKey: 'order-o1-charge',
  answer: { status: 'declined' as const, reference: 'ch_9', reason: 'insufficient funds' },
};
const paidCharge = {
  idempotencyKey: 'order-o1-charge',
  orderId: 'o1',
  kind: 'charge' as const,
  amount: '200.00',
  currency: 'EUR',
  status: 'succeeded' as const,
  gatewayReference: 'ch_1',
  declineReason: undefined,
  chargeKey: undefined,
  chargeReference: undefined,
};
const changeTo = (flightId: string, price: string | undefined, bookingLimit = 50) => ({
  kind: 'change' as const,
  move: { itemNo: 1, flightId },
  inventory: new Map([
    [`${A}|ECONOMY`, inventoryRow(A, '100.00')],
    [`${flightId}|ECONOMY`, { ...inventoryRow(flightId, '0'), price, bookingLimit }],
  ]),
  payments: [paidCharge],
  clock: SALES_CLOCK,
});

/** The item states after writing `decision` (applied) over `items`. */
function itemStatesAfter(items: OrderItem[], decision: Decision): string[] {
  if (decision.kind !== 'apply') {
    return items.map((item) => item.state);
  }
  const changes = new Map(decision.effects.items.map((change) => [change.itemNo, change.state]));
  return [...items, ...decision.effects.newItems].map((item) => changes.get(item.itemNo) ?? item.state);
}

describe('order lifecycle: rules beyond the table', () => {
  it('leaves every item released or replaced whenever an order ends failed, expired or cancelled', () => {
    for (const status of orderStatuses) {
      for (const kind of orderCommandKinds) {
        const order = orderIn(status, typeFor(status, kind));
        const decision = decide(order, commands[kind]);
        if (decision.kind === 'apply' && finalStatuses.includes(decision.next)) {
          expect(
            itemStatesAfter(order.items, decision).every((state) => finalItemStates.includes(state as never)),
          ).toBe(true);
        }
      }
    }
  });

  describe('an instant order waiting for its charge (seats reserved)', () => {
    const waiting = orderIn('processing', 'instant', [itemOnA('reserved')]);

    it('is confirmed when the charge succeeds, oversold if a seat is', () => {
      expect(decide(waiting, { kind: 'confirm', payment: succeededCharge })).toMatchObject({
        kind: 'apply',
        next: 'confirmed',
      });
      const oversold = orderIn('processing', 'instant', [itemOnA('reserved', 'oversold')]);
      expect(decide(oversold, { kind: 'confirm', payment: succeededCharge })).toMatchObject({ next: 'oversold' });
    });

    it('fails on a declined charge: seats back, items released, the answer stored', () => {
      expect(decide(waiting, commandForChargeAnswer(waiting, declined))).toEqual({
        kind: 'apply',
        from: 'processing',
        next: 'failed',
        effects: {
          items: [{ itemNo: 1, state: 'released' }],
          newItems: [],
          seatMoves: [{ flightId: A, cabin: 'ECONOMY', sold: -2, held: 0 }],
          payments: [],
          paymentOutcomes: [
            {
              idempotencyKey: 'order-o1-charge',
              status: 'declined',
              gatewayReference: 'ch_9',
              declineReason: 'insufficient funds',
            },
          ],
          order: {
            status: 'failed',
            failure: { code: 'PAYMENT_DECLINED', reason: 'payment declined: insufficient funds' },
            isFinal: true,
          },
        },
      });
    });

    it('refuses to take seats a second time', () => {
      expect(decide(waiting, { kind: 'charge', grant })).toMatchObject({ refusal: { code: 'ORDER_STATE_CONFLICT' } });
    });
  });

  it('grants seats by order type: hold only for holds, charge only for instant orders', () => {
    expect(decide(orderIn('processing', 'instant'), { kind: 'hold', grant })).toMatchObject({ kind: 'refuse' });
    expect(decide(orderIn('processing', 'hold'), { kind: 'charge', grant })).toMatchObject({ kind: 'refuse' });
    expect(commandForAllocation({ type: 'hold' }, { orderId: 'o1', kind: 'reserved', type: 'hold', ...grant })).toEqual(
      { kind: 'hold', grant },
    );
    expect(
      commandForAllocation({ type: 'instant' }, { orderId: 'o1', kind: 'failed', code: 'NO_SEATS', reason: 'r' }),
    ).toEqual({
      kind: 'fail',
      code: 'NO_SEATS',
      reason: 'r',
    });
  });

  it('confirms a free instant order at once, with nothing to charge', () => {
    const free = { ...grant, items: [{ ...grant.items[0]!, unitPrice: '0.00' }], total: '0.00' };
    const decision = decide(orderIn('processing', 'instant'), { kind: 'charge', grant: free });
    expect(decision).toMatchObject({
      kind: 'apply',
      next: 'confirmed',
      effects: { payments: [], order: { isFinal: true } },
    });
  });

  describe('paying a hold', () => {
    const held = orderIn('held', 'hold');

    it('past its deadline expires it and answers HOLD_EXPIRED once that is written', () => {
      const decision = decide(held, {
        kind: 'pay',
        now: AFTER_DEADLINE,
        paymentToken: 'tok_visa',
        chargesSoFar: 0,
        sales: 'open',
      });
      expect(decision).toMatchObject({ kind: 'apply', next: 'expired', answer: { code: 'HOLD_EXPIRED' } });
    });

    it('at its deadline exactly is too late', () => {
      const decision = decide(held, {
        kind: 'pay',
        now: held.paymentRequiredBy!,
        paymentToken: 'tok_visa',
        chargesSoFar: 0,
        sales: 'open',
      });
      expect(decision).toMatchObject({ next: 'expired' });
    });

    it('needs a payment token, from the request or the order', () => {
      const decision = decide(held, {
        kind: 'pay',
        now: BEFORE_DEADLINE,
        paymentToken: undefined,
        chargesSoFar: 0,
        sales: 'open',
      });
      expect(decision).toMatchObject({
        kind: 'refuse',
        refusal: { code: 'PAYMENT_TOKEN_REQUIRED', field: 'paymentToken' },
      });
    });

    it('numbers each attempt: a retry after a decline gets a new key', () => {
      const decision = decide(held, {
        kind: 'pay',
        now: BEFORE_DEADLINE,
        paymentToken: 'tok_visa',
        chargesSoFar: 2,
        sales: 'open',
      });
      expect(decision).toMatchObject({ effects: { payments: [{ idempotencyKey: 'order-o1-pay-3' }] } });
    });

    it('is a conflict for an instant order', () => {
      expect(
        decide(orderIn('confirmed', 'instant'), {
          kind: 'pay',
          now: BEFORE_DEADLINE,
          paymentToken: 't',
          chargesSoFar: 1,
          sales: 'open',
        }),
      ).toMatchObject({
        refusal: { code: 'ORDER_STATE_CONFLICT' },
      });
    });

    it('declined, goes back to held until its deadline', () => {
      const paying = orderIn('paying', 'hold');
      expect(decide(paying, commandForChargeAnswer(paying, declined))).toMatchObject({ next: 'held' });
    });
  });

  it('expires a hold only once its deadline has passed', () => {
    expect(decide(orderIn('held', 'hold'), { kind: 'expire', now: BEFORE_DEADLINE })).toMatchObject({ kind: 'refuse' });
  });

  it('refunds everything charged when a paid order is cancelled', () => {
    const decision = decide(orderIn('confirmed', 'instant'), { kind: 'cancel', payments: [paidCharge] });
    expect(decision).toMatchObject({
      effects: {
        payments: [
          {
            idempotencyKey: 'order-o1-cancel-refund-1',
            kind: 'refund',
            amount: '200.00',
            chargeKey: 'order-o1-charge',
            chargeReference: 'ch_1',
          },
        ],
      },
    });
  });

  describe('changing an item', () => {
    const confirmed = orderIn('confirmed', 'instant');

    it('to a cheaper flight: moves at once and refunds the difference', () => {
      const decision = decide(confirmed, changeTo(B, '80.00'));
      expect(decision).toMatchObject({
        kind: 'apply',
        next: 'confirmed',
        effects: {
          items: [{ itemNo: 1, state: 'replaced' }],
          seatMoves: [
            { flightId: B, sold: 2, held: 0 },
            { flightId: A, sold: -2, held: 0 },
          ],
          payments: [{ kind: 'refund', amount: '40.00', idempotencyKey: 'order-o1-change-2-refund-1' }],
          order: { status: 'confirmed', totalAmount: '160.00', isFinal: true },
        },
      });
    });

    it('of a paid hold counts the new seats as sold, not held', () => {
      expect(decide(orderIn('confirmed', 'hold'), changeTo(B, '80.00'))).toMatchObject({
        effects: {
          seatMoves: [
            { flightId: B, sold: 2, held: 0 },
            { flightId: A, sold: -2, held: 0 },
          ],
        },
      });
    });

    it('is refused with the field at fault', () => {
      expect(decide(confirmed, { ...changeTo(B, '80.00'), move: { itemNo: 7, flightId: B } })).toMatchObject({
        refusal: { code: 'INVALID_CHANGE', field: 'itemNo' },
      });
      expect(decide(confirmed, { ...changeTo(B, '80.00'), move: { itemNo: 1, flightId: A } })).toMatchObject({
        refusal: { code: 'INVALID_CHANGE', field: 'flightId' },
      });
      expect(decide(confirmed, changeTo(B, undefined))).toMatchObject({
        refusal: { code: 'UNKNOWN_FLIGHT', field: 'flightId' },
      });
      expect(decide(confirmed, changeTo(B, '80.00', 10))).toMatchObject({ refusal: { code: 'NO_SEATS' } });
    });

    it('declined: the new item goes back, the order stays as it was', () => {
      const changing = orderIn('changing', 'instant');
      const answer = { ...declined, idempotencyKey: 'order-o1-change-2' };
      expect(decide(changing, commandForChargeAnswer(changing, answer))).toMatchObject({
        kind: 'apply',
        next: 'confirmed',
        effects: {
          items: [{ itemNo: replacementOnB.itemNo, state: 'released' }],
          seatMoves: [{ flightId: B, sold: -2, held: 0 }],
          order: { status: 'confirmed', totalAmount: '200.00' },
        },
      });
    });
  });
});
