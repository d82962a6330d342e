import { addDays, daysBetween, eachDay, isRealDate } from '../../src/domain/calendar';

describe('calendar', () => {
  it.each(['2026-12-01', '2024-02-29', '2000-02-29', '2026-04-30', '2100-12-31'])('accepts %s', (date) => {
    expect(isRealDate(date)).toBe(true);
  });

  it.each([
    '2026-02-29',
    '2100-02-29',
    '2026-04-31',
    '2026-13-01',
    '2026-00-10',
    '2026-12-00',
    '1999-12-31',
    '2101-01-01',
    '2026-1-01',
    '20261201',
    '',
  ])('refuses %s', (date) => {
    expect(isRealDate(date)).toBe(false);
  });

  it('adds and counts days across months and years', () => {
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-12-30', '2027-01-02')).toBe(3);
    expect(eachDay('2026-02-27', '2026-03-01')).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
  });
});
