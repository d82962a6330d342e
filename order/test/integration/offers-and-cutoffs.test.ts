import { formatFlightId, type Offer } from '@fareflow/shared';

import { createKey, createOrderHarness, ledgerOf, type OrderHarness, seatsOf } from '../support/order-harness';
import { type OrderStack, startOrderStack } from '../support/order-stack';

// Real services on two shared cores can need longer than the root 60 s limit.
jest.setTimeout(120_000);

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const adult = (familyName = 'Doe') => ({ type: 'ADT' as const, givenName: 'Jane', familyName });

/** A flight id of `carrier` between two airports, leaving on the day of `departure`. */
const flight = (carrier: string, origin: string, destination: string, departure: number) =>
  formatFlightId({
    carrier,
    flightNumber: '100',
    departureDate: new Date(departure).toISOString().slice(0, 10),
    origin,
    destination,
  });

describe('offers, sales cut-offs and changes that keep the city pair (real PostgreSQL and RabbitMQ)', () => {
  // The clock of the order service, moved by the tests (offer expiry, departures).
  let nowMs = Date.now();
  const start = nowMs;
  let h: OrderHarness;
  let stack: OrderStack;
  let token: string;

  const departsIn = (ms: number) => new Date(start + ms);
  const outbound = flight('DL', 'ATL', 'RSW', start + 3 * 24 * HOUR);
  const laterSameRoute = flight('AA', 'ATL', 'RSW', start + 4 * 24 * HOUR);
  const otherRoute = flight('UA', 'DFW', 'SAT', start + 3 * 24 * HOUR);
  const departed = flight('DL', 'ATL', 'MCO', start - HOUR);
  const insideCutoff = flight('DL', 'ATL', 'TPA', start + 30 * MINUTE);
  const firstLeg = flight('B6', 'BOS', 'JFK', start + 5 * 24 * HOUR);
  const secondLeg = flight('B6', 'JFK', 'LAX', start + 5 * 24 * HOUR);
  const fullLeg = flight('B6', 'JFK', 'SFO', start + 5 * 24 * HOUR);
  const inDollars = flight('AA', 'MIA', 'ORD', start + 3 * 24 * HOUR);

  const offerOf = (legs: [string, string][], overrides: Partial<Offer> = {}) =>
    h.offers.encode({
      cabin: 'ECONOMY',
      currency: 'EUR',
      expiresAt: new Date(nowMs + 20 * MINUTE).toISOString(),
      legs: legs.map(([flightId, unitPrice]) => ({ flightId, unitPrice, observedAt: new Date(nowMs).toISOString() })),
      ...overrides,
    });
  let keys = 0;
  const post = (url: string, payload: object) =>
    stack.app.inject({
      method: 'POST',
      url,
      headers: { authorization: `Bearer ${token}`, 'idempotency-key': `offers-${(keys += 1)}`, prefer: 'wait=20' },
      payload,
    });
  const order = (items: object[], type: 'instant' | 'hold' = 'instant') =>
    post('/v1/orders', {
      type,
      items,
      contact: { email: 'agent@example.com' },
      ...(type === 'instant' ? { paymentToken: 'tok_visa' } : {}),
    });
  const setPrice = (flightId: string, price: string) =>
    h.db.pool.query(`UPDATE inventory SET price = $2 WHERE flight_id = $1`, [flightId, price]);

  beforeAll(async () => {
    h = await createOrderHarness({ now: () => new Date(nowMs) });
    stack = await startOrderStack(h, { workers: 1 });
    token = await createKey(h, 'agency');
    await h.seedFlight(outbound, 9, '100.00', 0, { departureUtc: departsIn(3 * 24 * HOUR) });
    await h.seedFlight(laterSameRoute, 9, '130.00', 0, { departureUtc: departsIn(4 * 24 * HOUR) });
    await h.seedFlight(otherRoute, 9, '80.00', 0, { departureUtc: departsIn(3 * 24 * HOUR) });
    await h.seedFlight(departed, 9, '90.00', 0, { departureUtc: departsIn(-HOUR) });
    await h.seedFlight(insideCutoff, 9, '90.00', 0, { departureUtc: departsIn(30 * MINUTE) });
    await h.seedFlight(firstLeg, 9, '60.00', 0, { departureUtc: departsIn(5 * 24 * HOUR) });
    await h.seedFlight(secondLeg, 9, '240.00', 0, { departureUtc: departsIn(5 * 24 * HOUR + 2 * HOUR) });
    await h.seedFlight(fullLeg, 0, '200.00', 0, { departureUtc: departsIn(5 * 24 * HOUR + 2 * HOUR) });
    await h.seedFlight(inDollars, 9, '120.00', 0, { currency: 'USD', departureUtc: departsIn(3 * 24 * HOUR) });
  });
  afterAll(async () => {
    await stack.close();
    await h.close();
  });
  beforeEach(() => {
    nowMs = start;
  });

  describe('departure cut-offs', () => {
    it.each([
      [departed, 'DEPARTED'],
      [insideCutoff, 'SALES_CLOSED'],
    ])('refuses to order %s (%s), by flight id and by offer, and stores nothing', async (flightId, code) => {
      const byFlight = await order([{ flightId, cabin: 'ECONOMY', passengers: [adult()] }]);
      expect(byFlight.statusCode).toBe(409);
      expect(byFlight.json().error).toMatchObject({ code, field: 'items.0.flightId' });
      const byOffer = await order([{ offerId: offerOf([[flightId, '90.00']]), passengers: [adult()] }]);
      expect(byOffer.statusCode).toBe(409);
      expect(byOffer.json().error).toMatchObject({ code, field: 'items.0.offerId' });
      expect(await seatsOf(h, flightId)).toEqual({ sold: 0, held: 0 });
      const { rows } = await h.db.pool.query('SELECT count(*)::int AS n FROM order_items WHERE flight_id = $1', [
        flightId,
      ]);
      expect(rows[0].n).toBe(0);
    });

    it('fails an order the worker executes after its flight closed (checked again under lock)', async () => {
      const soon = flight('DL', 'ATL', 'SAV', start + 2 * HOUR);
      await h.seedFlight(soon, 9, '70.00', 0, { departureUtc: departsIn(2 * HOUR) });
      const orderId = await h.submit('agency', 'late-worker', {
        type: 'instant',
        items: [{ flightId: soon, cabin: 'ECONOMY', passengers: [adult()] }],
        contact: { email: 'agent@example.com' },
        paymentToken: 'tok_visa',
      });
      nowMs = start + 61 * MINUTE; // the message waited in the queue past the cut-off
      await h.processor.process([orderId]);
      const stored = await stack.app.inject({
        url: `/v1/orders/${orderId}`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(stored.json()).toMatchObject({ status: 'failed', failure: { code: 'SALES_CLOSED' } });
      expect(stored.json().items.map((item: { state: string }) => item.state)).toEqual(['released']);
      expect(await seatsOf(h, soon)).toEqual({ sold: 0, held: 0 });
    });

    it('refuses to pay a hold whose flight moved inside the cut-off, and sets hold deadlines before sales close', async () => {
      const moving = flight('DL', 'ATL', 'CHS', start + 3 * HOUR);
      await h.seedFlight(moving, 9, '70.00', 0, { departureUtc: departsIn(3 * HOUR) });
      const held = await order([{ flightId: moving, cabin: 'ECONOMY', passengers: [adult()] }], 'hold');
      expect(held.json()).toMatchObject({ status: 'held' });
      // 15-minute holds: the deadline is 15 minutes from now, before sales close (2 hours from now).
      expect(Date.parse(held.json().paymentRequiredBy)).toBe(start + 15 * MINUTE);
      // The airline moves the flight earlier: it now leaves within the hour.
      await h.db.pool.query(`UPDATE inventory SET departure_utc = $2 WHERE flight_id = $1`, [
        moving,
        departsIn(50 * MINUTE),
      ]);
      const paid = await post(`/v1/orders/${held.json().orderId}/pay`, { paymentToken: 'tok_visa' });
      expect(paid.statusCode).toBe(409);
      expect(paid.json().error.code).toBe('SALES_CLOSED');
      expect(await ledgerOf(h, held.json().orderId)).toEqual([]);

      const closing = flight('DL', 'ATL', 'GSP', start + 70 * MINUTE);
      await h.seedFlight(closing, 9, '70.00', 0, { departureUtc: departsIn(70 * MINUTE) });
      const short = await order([{ flightId: closing, cabin: 'ECONOMY', passengers: [adult()] }], 'hold');
      // Sales close 60 minutes before departure: 10 minutes from now, earlier than the 15-minute hold.
      expect(Date.parse(short.json().paymentRequiredBy)).toBe(start + 10 * MINUTE);
    });
  });

  describe('offers', () => {
    it('charges the offered price after the fare rose, while the offer is valid', async () => {
      const offerId = offerOf([[outbound, '100.00']]);
      await setPrice(outbound, '145.50');
      nowMs = start + 19 * MINUTE;
      const response = await order([{ offerId, passengers: [adult('Offer'), adult('Taker')] }]);
      await setPrice(outbound, '100.00');
      expect(response.json()).toMatchObject({ status: 'confirmed', totalAmount: '200.00', currency: 'EUR' });
      expect(response.json().items[0]).toMatchObject({
        flightId: outbound,
        unitPrice: '100.00',
        priceTerms: { kind: 'offer', unitPrice: { amount: '100.00', currency: 'EUR' } },
      });
      expect(await ledgerOf(h, response.json().orderId)).toMatchObject([{ kind: 'charge', amount: '200.000000' }]);
    });

    it('refuses an expired offer and an offer with one character changed, storing nothing', async () => {
      const offerId = offerOf([[outbound, '100.00']]);
      nowMs = start + 20 * MINUTE;
      const expired = await order([{ offerId, passengers: [adult()] }]);
      expect(expired.statusCode).toBe(409);
      expect(expired.json().error).toMatchObject({ code: 'OFFER_EXPIRED', field: 'items.0.offerId' });

      nowMs = start;
      const at = offerId.indexOf('.') - 3;
      const tampered = `${offerId.slice(0, at)}${offerId[at] === 'A' ? 'B' : 'A'}${offerId.slice(at + 1)}`;
      const refused = await order([{ offerId: tampered, passengers: [adult()] }]);
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error).toMatchObject({ code: 'OFFER_INVALID', field: 'items.0.offerId' });
      const cheaper = offerOf([[outbound, '1.00']]).split('.')[0];
      const forged = `${cheaper}.${offerId.split('.')[1]}`;
      expect((await order([{ offerId: forged, passengers: [adult()] }])).json().error.code).toBe('OFFER_INVALID');
    });

    it("orders every leg of a connection's offer at its prices, or none of them", async () => {
      const connection = offerOf([
        [firstLeg, '60.00'],
        [secondLeg, '240.00'],
      ]);
      const bought = await order([{ offerId: connection, passengers: [adult()] }]);
      expect(bought.json()).toMatchObject({ status: 'confirmed', totalAmount: '300.00' });
      expect(bought.json().items.map((item: { flightId: string }) => item.flightId)).toEqual([firstLeg, secondLeg]);

      const full = offerOf([
        [firstLeg, '60.00'],
        [fullLeg, '200.00'],
      ]);
      const before = await seatsOf(h, firstLeg);
      const failed = await order([{ offerId: full, passengers: [adult()] }]);
      expect(failed.json()).toMatchObject({ status: 'failed', failure: { code: 'NO_SEATS' } });
      expect(await seatsOf(h, firstLeg)).toEqual(before);
    });

    it('fails an order by flight id above its maxUnitPrice, naming both prices', async () => {
      const response = await order([
        {
          flightId: laterSameRoute,
          cabin: 'ECONOMY',
          maxUnitPrice: { amount: '129.99', currency: 'EUR' },
          passengers: [adult()],
        },
      ]);
      expect(response.json()).toMatchObject({ status: 'failed', failure: { code: 'PRICE_CHANGED' } });
      expect(response.json().failure.reason).toMatch(/130\.00 EUR.*129\.99 EUR/);
      expect(await ledgerOf(h, response.json().orderId)).toEqual([]);
    });

    it('refuses an order in two currencies at intake', async () => {
      const response = await order([
        { flightId: outbound, cabin: 'ECONOMY', passengers: [adult()] },
        { flightId: inDollars, cabin: 'ECONOMY', passengers: [adult()] },
      ]);
      expect(response.statusCode).toBe(400);
      expect(response.json().error).toMatchObject({ code: 'MIXED_CURRENCIES', field: 'items.1.flightId' });
    });
  });

  describe('changes', () => {
    it('moves an item to another day of the same city pair and charges exactly the difference between offers', async () => {
      const bought = await order([{ offerId: offerOf([[outbound, '100.00']]), passengers: [adult('Change')] }]);
      const orderId = bought.json().orderId;
      await setPrice(laterSameRoute, '180.00'); // the new offer locks 130.25, whatever the fare does
      const changed = await post(`/v1/orders/${orderId}/change`, {
        itemNo: 1,
        offerId: offerOf([[laterSameRoute, '130.25']]),
      });
      await setPrice(laterSameRoute, '130.00');
      expect(changed.statusCode).toBe(200);
      expect(changed.json()).toMatchObject({ status: 'confirmed', totalAmount: '130.25' });
      expect(await ledgerOf(h, orderId)).toMatchObject([
        { kind: 'charge', amount: '100.000000' },
        { kind: 'charge', amount: '30.250000' },
      ]);
    });

    it('refuses a change onto another city pair, onto a departed flight, and away from a departed one', async () => {
      const bought = await order([{ flightId: outbound, cabin: 'ECONOMY', passengers: [adult('Pair')] }]);
      const orderId = bought.json().orderId;
      const otherPair = await post(`/v1/orders/${orderId}/change`, { itemNo: 1, flightId: otherRoute });
      expect(otherPair.statusCode).toBe(400);
      expect(otherPair.json().error).toMatchObject({ code: 'VALIDATION', field: 'flightId' });
      expect(otherPair.json().error.message).toMatch(/ATL-RSW, not DFW-SAT/);

      const gone = flight('DL', 'ATL', 'RSW', start - 2 * HOUR);
      await h.seedFlight(gone, 9, '50.00', 0, { departureUtc: departsIn(-2 * HOUR) });
      const ontoDeparted = await post(`/v1/orders/${orderId}/change`, { itemNo: 1, flightId: gone });
      expect(ontoDeparted.statusCode).toBe(409);
      expect(ontoDeparted.json().error.code).toBe('DEPARTED');

      nowMs = start + 3 * 24 * HOUR + MINUTE; // the booked flight has left
      const awayFromDeparted = await post(`/v1/orders/${orderId}/change`, { itemNo: 1, flightId: laterSameRoute });
      expect(awayFromDeparted.statusCode).toBe(409);
      expect(awayFromDeparted.json().error.code).toBe('DEPARTED');
      const stored = await stack.app.inject({
        url: `/v1/orders/${orderId}`,
        headers: { authorization: `Bearer ${token}` },
      });
      expect(stored.json().items).toHaveLength(1);
    });
  });
});
