import type { FareObservation } from '@fareflow/shared';

import { applyFareObservations } from '../../src/adapters/inventory-fares.repository';
import { createOrderHarness, instantOrder, type OrderHarness, statusOf } from '../support/order-harness';

jest.setTimeout(120_000);

const FLIGHT = 'IB6251-2026-12-07-MAD-JFK';

const fare = (price: string, seats: number, observedAt: string): FareObservation => ({
  schema: 'fare.observation.v1',
  observationId: `sim-${FLIGHT}-${observedAt}`,
  kind: 'change',
  flightId: FLIGHT,
  carrier: 'IB',
  flightNumber: '6251',
  origin: 'MAD',
  destination: 'JFK',
  departureLocal: '2026-12-07T12:00:00+01:00',
  departureUtc: '2026-12-07T11:00:00Z',
  arrivalLocal: '2026-12-07T14:30:00-05:00',
  arrivalUtc: '2026-12-07T19:30:00Z',
  durationMinutes: 510,
  stops: 0,
  segments: [
    {
      carrier: 'IB',
      flightNumber: '6251',
      origin: 'MAD',
      destination: 'JFK',
      departureUtc: '2026-12-07T11:00:00Z',
      arrivalUtc: '2026-12-07T19:30:00Z',
    },
  ],
  cabin: 'ECONOMY',
  fareClass: 'Q',
  price,
  currency: 'EUR',
  seatsAvailable: seats,
  observedAt,
  source: 'simulator',
});

describe('fare feed into inventory (real PostgreSQL)', () => {
  let h: OrderHarness;
  const row = async () =>
    (
      await h.db.pool.query(
        `SELECT price::text, airline_seats, oversell_limit, sold FROM inventory WHERE flight_id = $1`,
        [FLIGHT],
      )
    ).rows[0];

  beforeAll(async () => {
    h = await createOrderHarness();
  });
  afterAll(() => h.close());

  it('puts a newly seen flight on sale at the observed fare, and orders are charged that price', async () => {
    await applyFareObservations(h.db.pool, [fare('310.00', 3, '2026-11-01T10:00:00Z')], 1);
    expect(await row()).toEqual({ price: '310.000000', airline_seats: 3, oversell_limit: 1, sold: 0 });
    const orderId = await h.submit('acme', 'fare-fed-order', instantOrder(FLIGHT));
    await h.processor.process([orderId]);
    expect(await statusOf(h, orderId)).toBe('confirmed');
    const { rows } = await h.db.pool.query('SELECT total_amount::text FROM orders WHERE order_id = $1', [orderId]);
    expect(rows[0].total_amount).toBe('310.000000');
  });

  it('keeps the newest observation (replays and older ones change nothing)', async () => {
    await applyFareObservations(
      h.db.pool,
      [fare('299.00', 5, '2026-11-01T12:00:00Z'), fare('350.00', 9, '2026-11-01T11:00:00Z')],
      1,
    );
    expect(await row()).toMatchObject({ price: '299.000000', airline_seats: 5 });
    await applyFareObservations(h.db.pool, [fare('150.00', 9, '2026-11-01T11:30:00Z')], 1);
    expect(await row()).toMatchObject({ price: '299.000000', airline_seats: 5 });
  });

  it('never lowers live seats below what is already sold past the oversell band', async () => {
    const orderId = await h.submit('acme', 'fare-fed-second', instantOrder(FLIGHT));
    await h.processor.process([orderId]);
    expect(await row()).toMatchObject({ airline_seats: 5, oversell_limit: 1, sold: 2 });
    await applyFareObservations(h.db.pool, [fare('299.00', 0, '2026-11-01T13:00:00Z')], 1);
    // The airline shows no seat left; 2 sold with 1 oversell seat need 1 live seat to stay within limits.
    expect(await row()).toMatchObject({ airline_seats: 1, sold: 2 });
  });
});
