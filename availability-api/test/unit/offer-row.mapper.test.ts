import { encodeCheapestOffers, encodeFareOfferCell, type FareOfferCell } from '@fareflow/shared';
import type { types } from 'cassandra-driver';

import { cheapestRowToFares, offerRowToFare } from '../../src/adapters/offer-row.mapper';

const cell: FareOfferCell = {
  carrier: 'AA',
  flightNumber: '100',
  fareClass: 'Y',
  departureLocal: '2026-12-01T08:00:00-05:00',
  departureUtc: '2026-12-01T13:00:00.000Z',
  arrivalLocal: '2026-12-01T11:30:00-08:00',
  arrivalUtc: '2026-12-01T19:30:00.000Z',
  durationMinutes: 390,
  stops: 0,
  price: '129.90',
  currency: 'USD',
  observedAt: '2026-11-20T10:00:00.000Z',
};
const flightId = 'AA100-2026-12-01-JFK-LAX';
const row = (columns: Record<string, unknown>) => columns as unknown as types.Row;
const offerRow = (overrides: Record<string, unknown> = {}) =>
  row({
    destination: 'LAX',
    flight_id: flightId,
    cabin: 'ECONOMY',
    offer: encodeFareOfferCell(cell),
    seats_available: 4,
    ...overrides,
  });

describe('offers_by_origin_day rows', () => {
  it('map to the domain fare, with the origin and day of the query', () => {
    expect(offerRowToFare(offerRow(), 'JFK', '2026-12-01')).toMatchObject({
      flightId,
      origin: 'JFK',
      destination: 'LAX',
      departureDate: '2026-12-01',
      cabin: 'ECONOMY',
      price: '129.90',
      priceScaled: 129_900_000n,
      seatsAvailable: 4,
      departureUtcMs: Date.parse(cell.departureUtc),
      arrivalUtcMs: Date.parse(cell.arrivalUtc),
    });
  });

  it('have no seats left when only the offer was written', () => {
    expect(offerRowToFare(offerRow({ seats_available: null }), 'JFK', '2026-12-01')?.seatsAvailable).toBe(0);
  });

  it.each([
    ['seats without an offer', { offer: null }],
    ['an offer that is not JSON', { offer: '{' }],
    ['an unknown cabin', { cabin: 'LOUNGE' }],
    ['an unreadable departure time', { offer: encodeFareOfferCell({ ...cell, departureUtc: 'soon' }) }],
  ])('are skipped when they hold %s', (_name, overrides) => {
    expect(offerRowToFare(offerRow(overrides), 'JFK', '2026-12-01')).toBeUndefined();
  });
});

describe('cheapest_by_origin_day rows', () => {
  it('map to one fare per currency and leave out malformed entries', () => {
    const offers = [
      { ...cell, flightId, cabin: 'ECONOMY', seatsAvailable: 2 },
      { ...cell, flightId, cabin: 'LOUNGE', seatsAvailable: 2, currency: 'EUR' },
    ];
    const fares = cheapestRowToFares(
      row({ destination: 'LAX', cheapest: encodeCheapestOffers(offers) }),
      'JFK',
      '2026-12-01',
    );
    expect(fares.map((fare) => [fare.destination, fare.price, fare.currency, fare.seatsAvailable])).toEqual([
      ['LAX', '129.90', 'USD', 2],
    ]);
    expect(cheapestRowToFares(row({ destination: 'LAX', cheapest: null }), 'JFK', '2026-12-01')).toEqual([]);
  });
});
