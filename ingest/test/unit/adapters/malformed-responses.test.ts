import { parseOffers, parseSavedResponse } from '../../../src/adapters/parse-saved-response';

const offer = (overrides: Record<string, unknown> = {}) => ({
  type: 'flight-offer',
  id: '1',
  numberOfBookableSeats: 4,
  itineraries: [
    {
      segments: [
        {
          id: '1',
          departure: { iataCode: 'FRA', at: '2026-03-10T10:00:00' },
          arrival: { iataCode: 'JFK', at: '2026-03-10T12:30:00' },
          carrierCode: 'LH',
          number: '400',
        },
      ],
    },
  ],
  price: { currency: 'EUR', total: '499.00' },
  travelerPricings: [
    {
      travelerId: '1',
      travelerType: 'ADULT',
      price: { currency: 'EUR', total: '499.00' },
      fareDetailsBySegment: [{ segmentId: '1', cabin: 'ECONOMY', class: 'V' }],
    },
  ],
  ...overrides,
});

describe('malformed airline responses', () => {
  it('reports text that is not JSON as one INVALID_RESPONSE skip', () => {
    const result = parseSavedResponse('amadeus', '{"data": [', { observedAt: '2026-03-01T00:00:00Z' });
    expect(result.observations).toEqual([]);
    expect(result.skipped).toEqual([
      expect.objectContaining({ code: 'INVALID_RESPONSE', message: expect.stringContaining('not valid JSON') }),
    ]);
  });

  it('reports a body of the wrong shape as INVALID_RESPONSE, naming what is wrong', () => {
    expect(parseOffers('amadeus', { data: 'temporarily unavailable' }).skipped).toEqual([
      expect.objectContaining({ code: 'INVALID_RESPONSE', message: expect.stringContaining('data') }),
    ]);
    expect(parseOffers('duffel', { errors: [] }).skipped[0]?.code).toBe('INVALID_RESPONSE');
    expect(parseOffers('feed', { feed: 'other' }).skipped[0]?.code).toBe('INVALID_RESPONSE');
  });

  it('skips only the bad offer, with a reason naming the field, and keeps the good ones', () => {
    const body = {
      data: [offer(), offer({ id: '2', price: { currency: 'EUR', total: '12,50' } }), offer({ id: '3' })],
    };
    const result = parseSavedResponse('amadeus', JSON.stringify(body), { observedAt: '2026-03-01T00:00:00Z' });
    expect(result.observations).toHaveLength(2);
    expect(result.skipped).toEqual([
      { code: 'INVALID_OFFER', offerId: '2', message: expect.stringContaining('price.total') },
    ]);
  });

  it('skips offers it cannot place in time: unknown airports, arrival before departure, unknown cabins', () => {
    const unknownAirport = offer({ id: 'a' });
    (unknownAirport.itineraries[0]?.segments[0] as { arrival: { iataCode: string } }).arrival.iataCode = 'QQQ';
    const backwards = offer({ id: 'b' });
    (backwards.itineraries[0]?.segments[0] as { arrival: { at: string } }).arrival.at = '2026-03-09T10:00:00';
    const cabin = offer({
      id: 'c',
      travelerPricings: [
        {
          travelerId: '1',
          travelerType: 'ADULT',
          price: { currency: 'EUR', total: '1.00' },
          fareDetailsBySegment: [{ segmentId: '1', cabin: 'COACH' }],
        },
      ],
    });
    const result = parseOffers('amadeus', { data: [unknownAirport, backwards, cabin] });
    expect(result.skipped.map((skip) => [skip.offerId, skip.code])).toEqual([
      ['a', 'UNKNOWN_AIRPORT'],
      ['b', 'INCONSISTENT_TIMES'],
      ['c', 'UNSUPPORTED_CABIN'],
    ]);
  });

  it('refuses an observation whose fare class is not one letter (contract check), with the field named', () => {
    const bad = offer({
      travelerPricings: [
        {
          travelerId: '1',
          travelerType: 'ADULT',
          price: { currency: 'EUR', total: '1.00' },
          fareDetailsBySegment: [{ segmentId: '1', cabin: 'ECONOMY', class: 'VV' }],
        },
      ],
    });
    const result = parseSavedResponse('amadeus', JSON.stringify({ data: [bad] }), {
      observedAt: '2026-03-01T00:00:00Z',
    });
    expect(result.skipped).toEqual([
      expect.objectContaining({ code: 'INVALID_OBSERVATION', message: expect.stringContaining('fareClass') }),
    ]);
  });
});
