import { earliestDepartureOfFlightId, salesStateAt } from '../../src';

const HOUR = 3_600_000;

describe('sales window', () => {
  const departure = Date.parse('2026-12-02T23:20:00Z');
  const cutoff = HOUR;

  it.each([
    ['a day before', departure - 24 * HOUR, 'open'],
    ['one millisecond before the cut-off', departure - cutoff - 1, 'open'],
    ['at the cut-off', departure - cutoff, 'closed'],
    ['ten minutes before departure', departure - HOUR / 6, 'closed'],
    ['at departure', departure, 'departed'],
    ['two minutes after departure', departure + 2 * 60_000, 'departed'],
  ])('%s is %s', (_label, now, expected) => {
    expect(salesStateAt(departure, now, cutoff)).toBe(expected);
  });

  it('a cut-off of zero closes sales only at departure', () => {
    expect(salesStateAt(departure, departure - 1, 0)).toBe('open');
    expect(salesStateAt(departure, departure, 0)).toBe('departed');
  });

  it('the earliest departure of a flight id is its local day starting in UTC+14', () => {
    expect(earliestDepartureOfFlightId('DL207-2026-12-03-ATL-RSW')).toBe(Date.parse('2026-12-02T10:00:00Z'));
    expect(earliestDepartureOfFlightId('not-a-flight')).toBeUndefined();
  });
});
