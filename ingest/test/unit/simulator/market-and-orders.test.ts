import { createAirlineBookingClient } from '@fareflow/shared';

import { DAY_MS } from '../../../src/domain/clock';
import { curveMultiplier } from '../../../src/simulator/domain/fare-model';
import { encodeOfferId } from '../../../src/simulator/domain/offer-ids';
import { createTestSimulator, TEST_CREDENTIALS } from '../../support/simulator-fixture';

describe('simulated market', () => {
  it('keeps fares flat far out and climbs several-fold in the last three weeks', () => {
    expect(curveMultiplier(60)).toBe(1);
    expect(curveMultiplier(30)).toBe(1);
    expect(curveMultiplier(14)).toBeCloseTo(1.39);
    expect(curveMultiplier(0)).toBeGreaterThan(4);
  });

  it('prices rise and seats fall as departure nears, for most flights', () => {
    const { context, clock, app } = createTestSimulator({ flightsPerDay: 500 });
    void app.close();
    const flights = context.schedule.routes
      .slice(0, 50)
      .flatMap((route) => context.schedule.flightsOnRoute(route.format, route.origin, route.destination, '2026-05-01'));
    let rising = 0;
    let falling = 0;
    for (const flight of flights) {
      clock.set(flight.departureEpochMs - 45 * DAY_MS);
      const early = context.inventory.quote(flight, 'ECONOMY');
      clock.set(flight.departureEpochMs - 2 * DAY_MS);
      const late = context.inventory.quote(flight, 'ECONOMY');
      rising += Number(late.price) > 2 * Number(early.price) ? 1 : 0;
      falling += late.seats < early.seats ? 1 : 0;
    }
    expect(rising).toBeGreaterThan(flights.length * 0.8);
    expect(falling).toBe(flights.length);
  });

  it('records each visible change of a served fare once, on sweep', async () => {
    const { context, clock, app } = createTestSimulator({ flightsPerDay: 500 });
    await app.close();
    const route = context.schedule.routes[0];
    const [flight] = route
      ? context.schedule.flightsOnRoute(route.format, route.origin, route.destination, '2026-03-06')
      : [];
    if (!flight) {
      throw new Error('no flight');
    }
    context.inventory.served(flight, 'ECONOMY', context.inventory.quote(flight, 'ECONOMY'));
    expect(context.inventory.sweep()).toBe(0);
    clock.advance(2 * DAY_MS);
    expect(context.inventory.sweep()).toBe(1);
    expect(context.inventory.sweep()).toBe(0);
    expect(context.inventory.changes(0, 10)).toEqual([
      expect.objectContaining({ seq: 1, flightId: flight.flightId, cabin: 'ECONOMY', cause: 'market' }),
    ]);
  });
});

describe('simulated bookings (POST /duffel/air/orders) through the shared booking client', () => {
  const simulator = createTestSimulator({ flightsPerDay: 500 });
  let baseUrl = '';
  beforeAll(async () => {
    baseUrl = `${await simulator.app.listen({ port: 0, host: '127.0.0.1' })}/duffel`;
  });
  afterAll(() => simulator.app.close());

  const flight = () => {
    const route = simulator.context.schedule.routes[0];
    const [first] = route
      ? simulator.context.schedule.flightsOnRoute(route.format, route.origin, route.destination, '2026-03-20')
      : [];
    if (!first) {
      throw new Error('no flight');
    }
    return first;
  };

  it('books seats at the current price, takes them off the inventory, and replays the same key without booking twice', async () => {
    const client = createAirlineBookingClient({
      baseUrl,
      accessToken: TEST_CREDENTIALS.duffelAccessToken,
      timeoutMs: 2000,
    });
    const target = flight();
    const before = simulator.context.inventory.quote(target, 'BUSINESS');
    const input = {
      offerOrFlightId: encodeOfferId(target.flightId, 'BUSINESS'),
      seats: 2,
      maxPrice: '100000.00',
      currency: before.currency,
      idempotencyKey: 'order-test-0001',
    };

    const order = await client.createOrder(input);
    const replay = await client.createOrder(input);

    expect(order.totalAmount).toBe((Number(before.price) * 2).toFixed(2));
    expect(replay).toEqual(order);
    expect(simulator.context.inventory.quote(target, 'BUSINESS').seats).toBe(before.seats - 2);
    expect(simulator.context.orderBook.orderCount()).toBe(1);
  });

  it('refuses to charge more than maxPrice (price_changed) and leaves the seats alone', async () => {
    const client = createAirlineBookingClient({
      baseUrl,
      accessToken: TEST_CREDENTIALS.duffelAccessToken,
      timeoutMs: 2000,
    });
    const target = flight();
    const before = simulator.context.inventory.quote(target, 'ECONOMY');
    const promise = client.createOrder({
      offerOrFlightId: target.flightId,
      seats: 1,
      maxPrice: '1.00',
      currency: before.currency,
      idempotencyKey: 'order-test-0002',
    });
    await expect(promise).rejects.toMatchObject({ code: 'AIRLINE_PRICE_ABOVE_MAX', isRetryable: false });
    expect(simulator.context.inventory.quote(target, 'ECONOMY').seats).toBe(before.seats);
  });

  it('answers an unknown offer with a permanent error', async () => {
    const client = createAirlineBookingClient({
      baseUrl,
      accessToken: TEST_CREDENTIALS.duffelAccessToken,
      timeoutMs: 2000,
    });
    await expect(
      client.createOrder({
        offerOrFlightId: 'ZZ1-2026-03-20-FRA-JFK',
        seats: 1,
        maxPrice: '500.00',
        currency: 'EUR',
        idempotencyKey: 'order-test-0003',
      }),
    ).rejects.toMatchObject({ code: 'AIRLINE_OFFER_UNAVAILABLE', isRetryable: false });
  });
});
