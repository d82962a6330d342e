import { type RejectedMessageError } from '../../src/domain/errors';
import { assertNotInFuture, createMonotonicMicros, toEpochMicros, utcMonthOf } from '../../src/domain/event-time';

describe('toEpochMicros', () => {
  it('keeps the microseconds that Date.parse drops', () => {
    expect(toEpochMicros('2026-01-01T10:00:00.123456Z')).toBe(Date.parse('2026-01-01T10:00:00.123Z') * 1000 + 456);
  });

  it('reads whole seconds and offsets', () => {
    expect(toEpochMicros('2026-01-01T11:00:00+01:00')).toBe(Date.parse('2026-01-01T10:00:00Z') * 1000);
  });

  it('orders two observations one microsecond apart', () => {
    expect(toEpochMicros('2026-01-01T10:00:00.000002Z')).toBeGreaterThan(toEpochMicros('2026-01-01T10:00:00.000001Z'));
  });
});

describe('utcMonthOf', () => {
  it('uses the UTC month, not the local one', () => {
    expect(utcMonthOf('2026-06-01T00:30:00+02:00')).toBe('2026-05');
    expect(utcMonthOf('2026-05-31T23:30:00-02:00')).toBe('2026-06');
  });
});

describe('assertNotInFuture', () => {
  const now = Date.parse('2026-05-01T12:00:00Z');

  it('accepts times up to the allowed clock skew ahead', () => {
    expect(() => assertNotInFuture('observedAt', '2026-05-01T12:04:59Z', now, 300_000)).not.toThrow();
  });

  it('refuses later times, naming the field', () => {
    expect(() => assertNotInFuture('observedAt', '2026-05-01T12:05:01Z', now, 300_000)).toThrow(
      expect.objectContaining({ code: 'TIME_IN_FUTURE', field: 'observedAt' }) as RejectedMessageError,
    );
  });
});

describe('createMonotonicMicros', () => {
  it('follows the clock in microseconds, and never repeats or goes back when the clock stalls or steps back', () => {
    const readings = [1_000, 1_000, 999, 1_002];
    const nowMicros = createMonotonicMicros(() => readings.shift() ?? 0);
    expect([nowMicros(), nowMicros(), nowMicros(), nowMicros()]).toEqual([1_000_000, 1_000_001, 1_000_002, 1_002_000]);
  });
});
