import {
  decodeCheapestOffers,
  encodeCheapestOffers,
  pickCheapestOffers,
  type SeatedOffer,
} from '../../src/cassandra/cheapest-offers';

const offer = (flightId: string, price: string, overrides: Partial<SeatedOffer> = {}): SeatedOffer => ({
  flightId,
  cabin: 'ECONOMY',
  seatsAvailable: 5,
  carrier: 'AA',
  flightNumber: '1',
  fareClass: 'Y',
  departureLocal: '2026-12-01T08:00:00-05:00',
  departureUtc: '2026-12-01T13:00:00.000Z',
  arrivalLocal: '2026-12-01T11:00:00-05:00',
  arrivalUtc: '2026-12-01T16:00:00.000Z',
  durationMinutes: 180,
  stops: 0,
  price,
  currency: 'USD',
  observedAt: '2026-11-20T10:00:00.000Z',
  ...overrides,
});
const ids = (offers: SeatedOffer[]) => offers.map((picked) => `${picked.flightId} ${picked.price} ${picked.currency}`);

describe('pickCheapestOffers', () => {
  it('takes the lowest amount exactly (decimals, not floats or text order)', () => {
    expect(ids(pickCheapestOffers([offer('A', '100.10'), offer('B', '99.999'), offer('C', '100.1')]))).toEqual([
      'B 99.999 USD',
    ]);
  });

  it('skips sold-out offers, and picks nothing when all are sold out', () => {
    const soldOut = offer('A', '10.00', { seatsAvailable: 0 });
    expect(ids(pickCheapestOffers([soldOut, offer('B', '20.00')]))).toEqual(['B 20.00 USD']);
    expect(pickCheapestOffers([soldOut])).toEqual([]);
  });

  it('keeps one per currency, ordered by currency, and breaks ties by departure then flight id and cabin', () => {
    const late = offer('A', '50.00', { departureUtc: '2026-12-01T20:00:00.000Z' });
    const early = offer('Z', '50.00');
    const sameTimeB = offer('B', '70.00', { currency: 'EUR', cabin: 'FIRST' });
    const sameTimeA = offer('B', '70.00', { currency: 'EUR', cabin: 'BUSINESS' });
    expect(ids(pickCheapestOffers([late, early, sameTimeB, sameTimeA]))).toEqual(['B 70.00 EUR', 'Z 50.00 USD']);
    expect(pickCheapestOffers([sameTimeB, sameTimeA])[0]?.cabin).toBe('BUSINESS');
  });
});

describe('the cheapest cell', () => {
  it('round-trips, and is null (no cell) when nothing is bookable', () => {
    const offers = [
      offer('A', '10.00'),
      offer('B', '9.00', { currency: 'EUR', offerExpiresAt: '2026-11-21T00:00:00Z' }),
    ];
    expect(decodeCheapestOffers(encodeCheapestOffers(offers) ?? '')).toEqual(offers);
    expect(encodeCheapestOffers([])).toBeNull();
  });

  it('leaves out malformed entries and reads garbage as none', () => {
    const text = JSON.stringify([offer('A', '10.00'), { ...offer('B', '1.00'), seatsAvailable: 'many' }, null, 3]);
    expect(ids(decodeCheapestOffers(text))).toEqual(['A 10.00 USD']);
    expect(decodeCheapestOffers('not json')).toEqual([]);
    expect(decodeCheapestOffers('{"a":1}')).toEqual([]);
  });
});
