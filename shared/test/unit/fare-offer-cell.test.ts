import { decodeFareOfferCell, encodeFareOfferCell, type FareOfferCell } from '../../src/cassandra/fare-offer-cell';

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

describe('fare offer cells (offers_by_origin_day.offer)', () => {
  it('round-trip, with and without an offer expiry', () => {
    expect(decodeFareOfferCell(encodeFareOfferCell(cell))).toEqual(cell);
    const expiring = { ...cell, offerExpiresAt: '2026-11-20T10:15:00.000Z' };
    expect(decodeFareOfferCell(encodeFareOfferCell(expiring))).toEqual(expiring);
  });

  it('encode equal offers to equal text whatever the field order of the input', () => {
    const reordered = Object.fromEntries(Object.entries(cell).reverse()) as unknown as FareOfferCell;
    expect(encodeFareOfferCell(reordered)).toBe(encodeFareOfferCell(cell));
  });

  it.each([
    ['not JSON', '{'],
    ['not an object', '"x"'],
    ['a missing field', JSON.stringify({ ...cell, carrier: undefined })],
    ['a float price', JSON.stringify({ ...cell, price: 129.9 })],
    ['a negative price', JSON.stringify({ ...cell, price: '-1.00' })],
    ['a malformed price', JSON.stringify({ ...cell, price: '1e3' })],
    ['a fractional duration', JSON.stringify({ ...cell, durationMinutes: 1.5 })],
    ['a non-text expiry', JSON.stringify({ ...cell, offerExpiresAt: 5 })],
  ])('decode %s as undefined', (_name, text) => {
    expect(decodeFareOfferCell(text)).toBeUndefined();
  });
});
