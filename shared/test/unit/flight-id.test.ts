import { formatFlightId, parseFlightId } from '../../src/domain/flight-id';

describe('flight id', () => {
  const key = { carrier: 'LH', flightNumber: '400', departureDate: '2026-12-01', origin: 'FRA', destination: 'JFK' };

  it('round-trips', () => {
    expect(formatFlightId(key)).toBe('LH400-2026-12-01-FRA-JFK');
    expect(parseFlightId('LH400-2026-12-01-FRA-JFK')).toEqual(key);
  });

  it('accepts numeric carrier codes and suffixed numbers', () => {
    expect(parseFlightId('U21234A-2026-01-02-LGW-BCN')).toEqual({
      carrier: 'U2',
      flightNumber: '1234A',
      departureDate: '2026-01-02',
      origin: 'LGW',
      destination: 'BCN',
    });
  });

  it('rejects malformed ids', () => {
    for (const bad of [
      '',
      'LH400',
      'lh400-2026-12-01-FRA-JFK',
      'LH400-2026-12-01-FRA-JFKX',
      'LH40000-2026-12-01-FRA-JFK',
    ]) {
      expect(parseFlightId(bad)).toBeUndefined();
    }
  });
});
