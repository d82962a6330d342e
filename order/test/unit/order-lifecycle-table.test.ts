import { type OrderStatus, orderStatuses } from '../../src/domain/order';
import type { Effects, OrderCommandKind, RefusalCode } from '../../src/domain/order-lifecycle';
import { decide, orderCommandKinds } from '../../src/domain/order-lifecycle';
import { A, B, commands, orderIn, replacementOnB, typeFor } from '../support/order-lifecycle-fixtures';

// The whole lifecycle, written out: every state x command, allowed (next state and effects to write)
// or refused with its code. The rows and columns are checked against the domain's own lists, so a
// new state or command without a decision here fails this test.

type Expected = { refuse: RefusalCode } | 'unchanged' | { next: OrderStatus; effects: Effects };

const CONFLICT = { refuse: 'ORDER_STATE_CONFLICT' } as const;
const none = { items: [], newItems: [], seatMoves: [], payments: [], paymentOutcomes: [] };
const seats = (flightId: string, sold: number, held: number) => ({ flightId, cabin: 'ECONOMY', sold, held });
const itemReservedAt100 = {
  itemNo: 1,
  state: 'reserved',
  seatStatus: 'confirmed',
  unitPrice: '100.00',
  currency: 'EUR',
};
const charge200 = {
  idempotencyKey: 'order-o1-charge',
  orderId: 'o1',
  kind: 'charge',
  amount: '200.00',
  currency: 'EUR',
};
const pay1 = { idempotencyKey: 'order-o1-pay-1', orderId: 'o1', kind: 'charge', amount: '200.00', currency: 'EUR' };
const change2 = {
  idempotencyKey: 'order-o1-change-2',
  orderId: 'o1',
  kind: 'charge',
  amount: '100.00',
  currency: 'EUR',
};
const chargeOutcome = { idempotencyKey: 'order-o1-charge', status: 'succeeded', gatewayReference: 'ch_1' };
const changeOutcome = { idempotencyKey: 'order-o1-change-2', status: 'succeeded', gatewayReference: 'ch_2' };

const cancelledFromSold: Expected = {
  next: 'cancelled',
  effects: {
    ...none,
    items: [{ itemNo: 1, state: 'released' }],
    seatMoves: [seats(A, -2, 0)],
    order: { status: 'cancelled', isFinal: true },
  },
};
const changingToB: Expected = {
  next: 'changing',
  effects: {
    ...none,
    seatMoves: [seats(B, 2, 0)],
    newItems: [replacementOnB],
    payments: [change2],
    charge: { payment: change2, paymentToken: 'tok_visa' },
    order: { status: 'changing', isFinal: false },
  } as Effects,
};
const allRefused = (overrides: Partial<Record<OrderCommandKind, Expected>>): Record<OrderCommandKind, Expected> => ({
  submit: CONFLICT,
  reserve: CONFLICT,
  hold: CONFLICT,
  charge: CONFLICT,
  confirm: CONFLICT,
  fail: CONFLICT,
  pay: CONFLICT,
  expire: CONFLICT,
  cancel: CONFLICT,
  change: CONFLICT,
  'complete-change': CONFLICT,
  ...overrides,
});

const table: Record<OrderStatus, Record<OrderCommandKind, Expected>> = {
  pending: allRefused({
    reserve: { next: 'processing', effects: { ...none, order: { status: 'processing', isFinal: false } } },
  }),
  processing: allRefused({
    hold: {
      next: 'held',
      effects: {
        ...none,
        items: [itemReservedAt100],
        seatMoves: [seats(A, 0, 2)],
        order: { status: 'held', totalAmount: '200.00', currency: 'EUR', isFinal: true },
      } as Effects,
    },
    charge: {
      next: 'processing',
      effects: {
        ...none,
        items: [itemReservedAt100],
        seatMoves: [seats(A, 2, 0)],
        payments: [charge200],
        charge: { payment: charge200, paymentToken: 'tok_visa' },
        order: { status: 'processing', totalAmount: '200.00', currency: 'EUR', isFinal: false },
      } as Effects,
    },
    fail: {
      next: 'failed',
      effects: {
        ...none,
        items: [{ itemNo: 1, state: 'released' }],
        order: {
          status: 'failed',
          failure: { code: 'NO_SEATS', reason: `${A} ECONOMY: 2 seat(s) requested, 0 left` },
          isFinal: true,
        },
      },
    },
  }),
  held: allRefused({
    pay: {
      next: 'paying',
      effects: {
        ...none,
        payments: [pay1],
        charge: { payment: pay1, paymentToken: 'tok_visa' },
        order: { status: 'paying', paymentToken: 'tok_visa', isFinal: false },
      } as Effects,
    },
    expire: {
      next: 'expired',
      effects: {
        ...none,
        items: [{ itemNo: 1, state: 'released' }],
        seatMoves: [seats(A, 0, -2)],
        order: {
          status: 'expired',
          failure: { code: 'HOLD_EXPIRED', reason: 'not paid before payment_required_by' },
          isFinal: true,
        },
      },
    },
    cancel: {
      next: 'cancelled',
      effects: {
        ...none,
        items: [{ itemNo: 1, state: 'released' }],
        seatMoves: [seats(A, 0, -2)],
        order: { status: 'cancelled', isFinal: true },
      },
    },
    change: {
      next: 'held',
      effects: {
        ...none,
        items: [{ itemNo: 1, state: 'replaced' }],
        newItems: [replacementOnB],
        seatMoves: [seats(B, 0, 2), seats(A, 0, -2)],
        order: { status: 'held', totalAmount: '300.00', isFinal: true },
      },
    },
  }),
  paying: allRefused({
    confirm: {
      next: 'confirmed',
      effects: {
        ...none,
        seatMoves: [seats(A, 2, -2)],
        paymentOutcomes: [chargeOutcome] as Effects['paymentOutcomes'],
        order: { status: 'confirmed', isFinal: true },
      },
    },
    fail: { next: 'held', effects: { ...none, order: { status: 'held', isFinal: true } } },
  }),
  changing: allRefused({
    'complete-change': {
      next: 'confirmed',
      effects: {
        ...none,
        items: [{ itemNo: 1, state: 'replaced' }],
        seatMoves: [seats(A, -2, 0)],
        paymentOutcomes: [changeOutcome] as Effects['paymentOutcomes'],
        order: { status: 'confirmed', totalAmount: '300.00', isFinal: true },
      },
    },
  }),
  confirmed: allRefused({ pay: 'unchanged', cancel: cancelledFromSold, change: changingToB }),
  oversold: allRefused({ pay: 'unchanged', cancel: cancelledFromSold, change: changingToB }),
  failed: allRefused({}),
  expired: allRefused({ pay: { refuse: 'HOLD_EXPIRED' } }),
  cancelled: allRefused({ cancel: 'unchanged' }),
};

describe('order lifecycle: every state x command', () => {
  it('has a row for exactly the domain states and a column for exactly the domain commands', () => {
    expect(Object.keys(table).sort()).toEqual([...orderStatuses].sort());
    for (const status of orderStatuses) {
      expect(Object.keys(table[status]).sort()).toEqual([...orderCommandKinds].sort());
    }
  });

  const cells = orderStatuses.flatMap((status) => orderCommandKinds.map((kind) => [status, kind] as const));

  it.each(cells)('%s x %s', (status, kind) => {
    const expected = table[status]?.[kind];
    expect(expected).toBeDefined();
    const decision = decide(orderIn(status, typeFor(status, kind)), commands[kind]);
    if (expected === undefined) {
      return;
    }
    if (expected === 'unchanged') {
      expect(decision).toEqual({ kind: 'unchanged', status });
    } else if ('refuse' in expected) {
      expect(decision).toMatchObject({ kind: 'refuse', refusal: { code: expected.refuse } });
    } else {
      expect(decision).toEqual({ kind: 'apply', from: status, next: expected.next, effects: expected.effects });
    }
  });
});
