import { toErrorResponse } from '@fareflow/shared';
import type { PoolClient } from 'pg';

import { orderErrorStatus } from '../../src/domain/order-errors';
import { cancelOrder } from '../../src/use-cases/cancel-order';
import { changeOrder } from '../../src/use-cases/change-order';
import { SeatMoveConflictError, seatMoveErrorStatus } from '../../src/use-cases/write-decisions';
import {
  createOrderHarness,
  holdOrder,
  instantOrder,
  type OrderHarness,
  type SeatCounts,
  seatsOf,
  statusOf,
} from '../support/order-harness';
import { eventually } from '../support/order-stack';

// Real services on two shared cores can need longer than the root 60 s limit.
jest.setTimeout(120_000);

const FROM = 'LH400-2027-06-01-FRA-JFK';
const TO = 'LH400-2027-06-02-FRA-JFK';
const OTHER = 'LH400-2027-06-03-FRA-JFK';

/**
 * A command that waits for an order's lock while another command changes the order's items used to
 * decide on the items of its statement's snapshot (taken before the lock was granted), not on the
 * ones the lock holder committed: a cancel racing a change released the replaced item's seats a
 * second time and left the new item reserved (held or sold below zero, or seats leaked).
 *
 * Deterministic interleaving: `blocker` locks the change's target inventory row, so the change
 * stops inside its transaction with the order locked; the second command is started and waits for
 * the order's lock; then the blocker lets go, the change commits, and the second command runs.
 */
describe('commands racing on one order (real PostgreSQL)', () => {
  let h: OrderHarness;

  beforeAll(async () => {
    h = await createOrderHarness();
    for (const flight of [FROM, TO, OTHER]) {
      await h.seedFlight(flight, 100, '100.00');
    }
  });
  afterAll(() => h.close());

  /** Seats of every flight, as inventory counts them and as the orders' reserved items claim them. */
  async function seatBook(): Promise<{ inventory: Record<string, SeatCounts>; claimed: Record<string, SeatCounts> }> {
    const inventory: Record<string, SeatCounts> = {};
    const claimed: Record<string, SeatCounts> = {};
    for (const flight of [FROM, TO, OTHER]) {
      inventory[flight] = await seatsOf(h, flight);
      const { rows } = await h.db.pool.query<SeatCounts>(
        `SELECT coalesce(sum(it.seats) FILTER (WHERE o.status NOT IN ('held', 'paying')), 0)::int AS sold,
                coalesce(sum(it.seats) FILTER (WHERE o.status IN ('held', 'paying')), 0)::int AS held
           FROM order_items it JOIN orders o USING (order_id)
          WHERE it.flight_id = $1 AND it.cabin = 'ECONOMY' AND it.state = 'reserved'`,
        [flight],
      );
      claimed[flight] = rows[0] ?? { sold: -1, held: -1 };
    }
    return { inventory, claimed };
  }

  /** Locks `flightId`'s inventory row in a transaction of its own; `release` rolls it back. */
  async function blockInventoryRow(flightId: string): Promise<{ pid: number; release: () => Promise<void> }> {
    const client: PoolClient = await h.db.pool.connect();
    await client.query('BEGIN');
    await client.query(`SELECT 1 FROM inventory WHERE flight_id = $1 AND cabin = 'ECONOMY' FOR UPDATE`, [flightId]);
    const { rows } = await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    return {
      pid: rows[0]?.pid ?? -1,
      release: async () => {
        await client.query('ROLLBACK');
        client.release();
      },
    };
  }

  /** Waits until a backend waits for a lock `pid` holds; answers that backend's pid. */
  async function waiterOf(pid: number): Promise<number> {
    let waiter = -1;
    await eventually(
      async () => {
        const { rows } = await h.db.pool.query<{ pid: number }>(
          'SELECT pid FROM pg_stat_activity WHERE $1::int = ANY(pg_blocking_pids(pid))',
          [pid],
        );
        waiter = rows[0]?.pid ?? -1;
        return rows.length > 0;
      },
      10_000,
      10,
    );
    return waiter;
  }

  /** Runs `change` stopped with the order locked, starts `second` (it waits for the order), then lets both go. */
  async function raceAgainstChange<T>(
    change: () => Promise<unknown>,
    second: () => Promise<T>,
  ): Promise<{ change: PromiseSettledResult<unknown>; second: PromiseSettledResult<T> }> {
    const blocker = await blockInventoryRow(TO);
    const changing = change().then(
      (value): PromiseSettledResult<unknown> => ({ status: 'fulfilled', value }),
      (reason: unknown): PromiseSettledResult<unknown> => ({ status: 'rejected', reason }),
    );
    const changePid = await waiterOf(blocker.pid);
    const racing = second().then(
      (value): PromiseSettledResult<T> => ({ status: 'fulfilled', value }),
      (reason: unknown): PromiseSettledResult<T> => ({ status: 'rejected', reason }),
    );
    await waiterOf(changePid);
    await blocker.release();
    return { change: await changing, second: await racing };
  }

  async function processed(key: string, request: Parameters<OrderHarness['submit']>[2]): Promise<string> {
    const orderId = await h.submit('acme', key, request);
    await h.processor.process([orderId]);
    return orderId;
  }

  it('a cancel that waited for a change of a hold releases the new item, not the replaced one again', async () => {
    const orderId = await processed('race-hold-cancel', holdOrder(FROM));
    expect(await statusOf(h, orderId)).toBe('held');
    expect(await seatsOf(h, FROM)).toEqual({ sold: 0, held: 1 });

    const { change, second } = await raceAgainstChange(
      () => changeOrder(h.commands, 'acme', orderId, { itemNo: 1, flightId: TO }),
      () => cancelOrder(h.commands, 'acme', orderId),
    );

    expect(change.status === 'rejected' ? String(change.reason) : 'fulfilled').toBe('fulfilled');
    expect(second.status === 'rejected' ? String(second.reason) : 'cancelled').toBe('cancelled');
    const cancelled = second.status === 'fulfilled' ? second.value : undefined;
    expect(cancelled?.status).toBe('cancelled');
    expect(cancelled?.items.map((item) => [item.itemNo, item.flightId, item.state])).toEqual([
      [1, FROM, 'replaced'],
      [2, TO, 'released'],
    ]);
    expect(await seatsOf(h, FROM)).toEqual({ sold: 0, held: 0 });
    expect(await seatsOf(h, TO)).toEqual({ sold: 0, held: 0 });
  });

  it('a cancel that waited for a change of a paid order neither double-releases nor leaks seats', async () => {
    // Another traveller's seat on FROM: a second release there would not go below zero, it would drift.
    await processed('race-paid-bystander', instantOrder(FROM));
    const orderId = await processed('race-paid-cancel', instantOrder(FROM));
    expect(await statusOf(h, orderId)).toBe('confirmed');

    const { change, second } = await raceAgainstChange(
      () => changeOrder(h.commands, 'acme', orderId, { itemNo: 1, flightId: TO }),
      () => cancelOrder(h.commands, 'acme', orderId),
    );

    expect(change.status === 'rejected' ? String(change.reason) : 'fulfilled').toBe('fulfilled');
    expect(second.status === 'rejected' ? String(second.reason) : 'cancelled').toBe('cancelled');
    expect(await statusOf(h, orderId)).toBe('cancelled');
    const book = await seatBook();
    expect(book.inventory).toEqual(book.claimed);
    expect(book.inventory[FROM]).toEqual({ sold: 1, held: 0 });
    expect(book.inventory[TO]).toEqual({ sold: 0, held: 0 });
  });

  it('a change that waited for another change of the same item is refused, and seats stay counted once', async () => {
    const orderId = await processed('race-change-change', holdOrder(FROM));

    const { change, second } = await raceAgainstChange(
      () => changeOrder(h.commands, 'acme', orderId, { itemNo: 1, flightId: TO }),
      () => changeOrder(h.commands, 'acme', orderId, { itemNo: 1, flightId: OTHER }),
    );

    expect(change.status === 'rejected' ? String(change.reason) : 'fulfilled').toBe('fulfilled');
    expect(second.status).toBe('rejected');
    expect(second.status === 'rejected' ? (second.reason as Error).message : '').toMatch(/no active item 1/);
    const book = await seatBook();
    expect(book.inventory).toEqual(book.claimed);
    expect(book.inventory[TO]?.held).toBe(1);
    expect(book.inventory[OTHER]).toEqual({ sold: 0, held: 0 });
    await cancelOrder(h.commands, 'acme', orderId);
    const after = await seatBook();
    expect(after.inventory).toEqual(after.claimed);
  });

  it('seats the inventory cannot give back answer 409 INVENTORY_CONFLICT, and nothing is written', async () => {
    const orderId = await processed('race-repaired-by-hand', holdOrder(OTHER));
    const before = await seatsOf(h, OTHER);
    // The row no longer counts the hold (a repair by hand): releasing it would take `held` below zero.
    await h.db.pool.query(`UPDATE inventory SET held = held - 1 WHERE flight_id = $1 AND cabin = 'ECONOMY'`, [OTHER]);

    const error = await cancelOrder(h.commands, 'acme', orderId).then(
      () => undefined,
      (reason: unknown) => reason,
    );

    expect(error).toBeInstanceOf(SeatMoveConflictError);
    const response = toErrorResponse(error, { statusByCode: { ...orderErrorStatus, ...seatMoveErrorStatus } });
    expect(response.statusCode).toBe(409);
    expect(response.body.error.code).toBe('INVENTORY_CONFLICT');
    expect(response.body.error.message).toContain(`${OTHER} ECONOMY (sold +0, held -1)`);
    expect(await statusOf(h, orderId)).toBe('held');
    expect(await seatsOf(h, OTHER)).toEqual({ sold: before.sold, held: before.held - 1 });
    await h.db.pool.query(`UPDATE inventory SET held = held + 1 WHERE flight_id = $1 AND cabin = 'ECONOMY'`, [OTHER]);
    await cancelOrder(h.commands, 'acme', orderId);
    const book = await seatBook();
    expect(book.inventory).toEqual(book.claimed);
  });
});
