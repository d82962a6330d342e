import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createAirlineBookingClient, type PreorderRequested } from '@fareflow/shared';

import { upsertInventory } from '../../src/adapters/inventory.repository';
import { handlePreorder, type PreorderDeps } from '../../src/use-cases/handle-preorder';
import { createOrderHarness, type OrderHarness } from '../support/order-harness';

// Real services on two shared cores can need longer than the root 60 s limit.
jest.setTimeout(120_000);

// A month ahead: on sale (its departure is not known yet, so the earliest instant of its day stands in).
const FLIGHT = `LH400-${new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)}-FRA-JFK`;
const FARE_PER_SEAT = 180;

/** A small Duffel-format airline (an external API): one order per Idempotency-Key, refuses above the fare. */
function startFakeAirline(): Promise<{
  server: Server;
  url: string;
  orders: Map<string, object>;
  posts: () => number;
}> {
  const orders = new Map<string, object>();
  let posts = 0;
  const server = createServer((request, response) => {
    let text = '';
    request.on('data', (chunk: Buffer) => (text += chunk.toString()));
    request.on('end', () => {
      posts += 1;
      const key = String(request.headers['idempotency-key']);
      const body = JSON.parse(text) as {
        data: { passengers: unknown[]; payments: { amount: string; currency: string }[] };
      };
      const seats = body.data.passengers.length;
      const total = (FARE_PER_SEAT * seats).toFixed(2);
      if (Number(body.data.payments[0]?.amount) < FARE_PER_SEAT * seats) {
        response.writeHead(422, { 'content-type': 'application/json' });
        response.end(
          JSON.stringify({
            errors: [{ type: 'invalid_state_error', code: 'price_changed', message: `fare is ${total}` }],
          }),
        );
        return;
      }
      const order = orders.get(key) ?? {
        id: `ord_${orders.size + 1}`,
        booking_reference: `BR${orders.size + 1}`,
        created_at: new Date().toISOString(),
        total_amount: total,
        total_currency: 'EUR',
        owner: { iata_code: 'LH' },
        passengers: body.data.passengers,
        slices: [
          {
            segments: [
              {
                id: 'seg_1',
                origin: { iata_code: 'FRA' },
                destination: { iata_code: 'JFK' },
                departing_at: '2026-12-01T10:00:00',
                arriving_at: '2026-12-01T13:00:00',
                marketing_carrier: { iata_code: 'LH' },
                marketing_carrier_flight_number: '400',
              },
            ],
          },
        ],
      };
      orders.set(key, order);
      response.writeHead(201, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ data: order }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        server,
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        orders,
        posts: () => posts,
      }),
    ),
  );
}

const request = (key: string, over: Partial<PreorderRequested> = {}): PreorderRequested => ({
  schema: 'preorder.requested.v1',
  idempotencyKey: key,
  flightId: FLIGHT,
  cabin: 'ECONOMY',
  seats: 4,
  maxPrice: '200.00',
  currency: 'EUR',
  expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  requestedAt: new Date().toISOString(),
  reason: 'fare 20% under forecast',
  advice: { action: 'BUY', confidence: 0.8, expectedDemand: 12, expectedLowestPrice: '175.00', modelVersion: 'v1' },
  ...over,
});

describe('pre-orders (real PostgreSQL, fake Duffel-format airline)', () => {
  let h: OrderHarness;
  let airline: Awaited<ReturnType<typeof startFakeAirline>>;
  let deps: PreorderDeps;

  beforeAll(async () => {
    h = await createOrderHarness();
    airline = await startFakeAirline();
    deps = {
      pool: h.db.pool,
      logger: h.logger,
      airline: createAirlineBookingClient({ baseUrl: airline.url, accessToken: 'test', timeoutMs: 2_000 }),
      regionOfFlight: h.regions.regionOfFlight,
      salesCutoffMs: 60 * 60_000,
    };
  });
  afterAll(async () => {
    await new Promise((resolve) => airline.server.close(resolve));
    await h.close();
  });

  it('declines a pre-order for a flight that has departed or is inside the sales cut-off, without calling the airline', async () => {
    const calls = airline.posts();
    const departed = `LH400-${new Date(Date.now() - 86_400_000).toISOString().slice(0, 10)}-FRA-JFK`;
    const closing = `LH402-${new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)}-FRA-JFK`;
    await upsertInventory(h.db.pool, {
      flightId: closing,
      cabin: 'ECONOMY',
      airlineSeats: 9,
      oversellLimit: 0,
      price: '150.00',
      currency: 'EUR',
      departureUtc: new Date(Date.now() + 30 * 60_000),
    });
    expect(await handlePreorder(deps, request('cutoff-departed', { flightId: departed }))).toBe('declined');
    expect(await handlePreorder(deps, request('cutoff-closing', { flightId: closing }))).toBe('declined');
    const { rows } = await h.db.pool.query(
      `SELECT idempotency_key, status, decline_code FROM preorders WHERE idempotency_key LIKE 'cutoff-%' ORDER BY 1`,
    );
    expect(rows).toEqual([
      { idempotency_key: 'cutoff-closing', status: 'declined', decline_code: 'SALES_CLOSED' },
      { idempotency_key: 'cutoff-departed', status: 'declined', decline_code: 'DEPARTED' },
    ]);
    expect(airline.posts()).toBe(calls);
  });

  it('buys the allotment, records its cost and adds the seats to inventory, once per request', async () => {
    expect(await handlePreorder(deps, request('pre-buy-1'))).toBe('bought');
    expect(await handlePreorder(deps, request('pre-buy-1'))).toBe('duplicate');
    const { rows } = await h.db.pool.query(
      `SELECT status, airline_order_id, total_cost::text, unit_cost::text, cost_currency FROM preorders WHERE idempotency_key = 'pre-buy-1'`,
    );
    expect(rows[0]).toEqual({
      status: 'bought',
      airline_order_id: 'ord_1',
      total_cost: '720.000000',
      unit_cost: '180.000000',
      cost_currency: 'EUR',
    });
    const inventory = await h.db.pool.query(
      `SELECT allotment_seats, booking_limit FROM inventory WHERE flight_id = $1`,
      [FLIGHT],
    );
    expect(inventory.rows[0]).toEqual({ allotment_seats: 4, booking_limit: 4 });
    expect(airline.posts()).toBe(1);
    // Frankfurt is in eu: the event goes to the eu aggregator queue.
    const events = await h.db.pool.query(`SELECT payload FROM outbox WHERE routing_key = 'inventory.changed.v1.eu'`);
    expect(events.rows.map((row) => row.payload.seatsAvailable)).toEqual([4]);
  });

  it('resumes an interrupted purchase with the same airline key: no second booking', async () => {
    // The first attempt reached the airline, then the process died before recording the result.
    const first = await deps.airline.createOrder({
      offerOrFlightId: FLIGHT,
      seats: 2,
      maxPrice: '400.00',
      currency: 'EUR',
      idempotencyKey: 'pre-resume-1',
    });
    const bookingsBefore = airline.orders.size;
    await h.db.pool.query(
      `INSERT INTO preorders (idempotency_key, flight_id, cabin, seats, max_price, currency, status, requested_at)
       VALUES ('pre-resume-1', $1, 'ECONOMY', 2, 200, 'EUR', 'buying', now())`,
      [FLIGHT],
    );
    expect(await handlePreorder(deps, request('pre-resume-1', { seats: 2 }))).toBe('bought');
    expect(airline.orders.size).toBe(bookingsBefore);
    const stored = await h.db.pool.query(
      `SELECT airline_order_id FROM preorders WHERE idempotency_key = 'pre-resume-1'`,
    );
    expect(stored.rows[0].airline_order_id).toBe(first.airlineOrderId);
    const inventory = await h.db.pool.query(`SELECT allotment_seats FROM inventory WHERE flight_id = $1`, [FLIGHT]);
    expect(inventory.rows[0].allotment_seats).toBe(6);
  });

  it('declines, with the reason, when the fare is above the maximum or the request expired', async () => {
    expect(await handlePreorder(deps, request('pre-too-dear', { maxPrice: '150.00' }))).toBe('declined');
    expect(
      await handlePreorder(deps, request('pre-expired', { expiresAt: new Date(Date.now() - 1_000).toISOString() })),
    ).toBe('declined');
    const { rows } = await h.db.pool.query(
      `SELECT idempotency_key, status, decline_code FROM preorders
        WHERE status = 'declined' AND idempotency_key NOT LIKE 'cutoff-%' ORDER BY idempotency_key`,
    );
    expect(rows).toEqual([
      { idempotency_key: 'pre-expired', status: 'declined', decline_code: 'EXPIRED' },
      { idempotency_key: 'pre-too-dear', status: 'declined', decline_code: 'AIRLINE_PRICE_ABOVE_MAX' },
    ]);
    const inventory = await h.db.pool.query(`SELECT allotment_seats FROM inventory WHERE flight_id = $1`, [FLIGHT]);
    expect(inventory.rows[0].allotment_seats).toBe(6);
  });
});
