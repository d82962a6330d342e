import { cancelOrder } from '../../src/use-cases/cancel-order';
import { createOrderHarness, instantOrder, type OrderHarness, seatsOf } from '../support/order-harness';

// Real services on two shared cores can need longer than the root 60 s limit.
jest.setTimeout(120_000);

const EAST = 'LH400-2026-12-01-FRA-JFK';
const WEST = 'UA901-2026-12-02-JFK-SFO';
const PAIRS = 40;

describe('concurrent cancels (real PostgreSQL)', () => {
  let h: OrderHarness;

  beforeAll(async () => {
    h = await createOrderHarness();
    await h.seedFlight(EAST, 1_000, '100.00');
    await h.seedFlight(WEST, 1_000, '100.00');
  });
  afterAll(() => h.close());

  it('cancels orders over the same flights listed in opposite orders, all at once, without a deadlock', async () => {
    const orderIds: string[] = [];
    for (let pair = 0; pair < PAIRS; pair += 1) {
      orderIds.push(await h.submit('acme', `east-west-${pair}`, instantOrder(EAST, WEST)));
      orderIds.push(await h.submit('acme', `west-east-${pair}`, instantOrder(WEST, EAST)));
    }
    await h.processor.process(orderIds);
    expect(await seatsOf(h, EAST)).toEqual({ sold: 2 * PAIRS, held: 0 });
    const results = await Promise.allSettled(orderIds.map((orderId) => cancelOrder(h.commands, 'acme', orderId)));
    expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
    expect(await seatsOf(h, EAST)).toEqual({ sold: 0, held: 0 });
    expect(await seatsOf(h, WEST)).toEqual({ sold: 0, held: 0 });
  });
});
