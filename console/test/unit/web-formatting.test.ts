import { describeHttpError } from '../../src/web/api/describe-error';
import { dayShift, formatClock, formatTimeLeft } from '../../src/web/format/time';
import { parsePrometheus } from '../../src/web/ops/prometheus';
import { bandPosition, labelOf } from '../../src/web/route/band-position';
import { monthGrid } from '../../src/web/route/month-grid';

describe('times in the airports’ own zones', () => {
  it('shows the local clock and offset as the API wrote them, never the browser’s zone', () => {
    expect(formatClock('2026-12-20T08:15:00-05:00')).toBe('08:15 (UTC-05:00)');
    expect(formatClock('2026-12-20T23:05:00+00:00')).toBe('23:05 (UTC)');
    expect(dayShift('2026-12-20T22:00:00-05:00', '2026-12-21T06:10:00+01:00')).toBe(1);
    expect(formatTimeLeft('2026-12-20T10:15:00Z', Date.parse('2026-12-20T10:00:30Z'))).toBe('14:30');
    expect(formatTimeLeft('2026-12-20T10:15:00Z', Date.parse('2026-12-20T10:16:00Z'))).toBe('expired');
  });
});

describe('errors in words', () => {
  it.each([
    [409, 'OFFER_EXPIRED', 'This offer has expired. Search again for a current price.'],
    [409, 'NO_SEATS', 'Sold out: there are not enough seats left on this flight.'],
    [502, 'REGION_DOWN', 'A region is down: its service does not answer.'],
    [503, 'STORE_UNAVAILABLE', 'A region is down: its fare store does not answer.'],
  ])('%i %s', (status, code, title) => {
    expect(describeHttpError(status, { error: { code, message: 'm' } })).toEqual({ code, title, detail: 'm' });
  });

  it('says when to retry after a rate limit, and falls back on the status for a body it does not know', () => {
    expect(describeHttpError(429, { error: { code: 'RATE_LIMITED', message: 'x' } }, 12).title).toBe(
      'Rate limited: this key sent too many requests. Try again in 12 s.',
    );
    expect(describeHttpError(503, '<html>')).toMatchObject({
      code: 'HTTP_503',
      title: 'A service is down or not ready.',
    });
  });
});

describe('the band and the calendar', () => {
  const band = { currency: 'USD', min: '100', q1: '150', median: '175', q3: '200', max: '300', samples: 40 };

  it('places a fare in the band and labels it by the quartiles when the API gives no label', () => {
    expect(bandPosition(band, '200')).toEqual({ price: 0.5, q1: 0.25, median: 0.375, q3: 0.5 });
    expect(bandPosition(band, '900').price).toBe(1);
    expect([labelOf(band, '120', null), labelOf(band, '180', null), labelOf(band, '250', null)]).toEqual([
      'low',
      'typical',
      'high',
    ]);
    expect(labelOf(band, '120', 'high')).toBe('high');
  });

  it('lays a month out in weeks from Monday', () => {
    const weeks = monthGrid('2027-01'); // 1 January 2027 is a Friday
    expect(weeks[0]).toEqual([null, null, null, null, '2027-01-01', '2027-01-02', '2027-01-03']);
    expect(weeks.flat().filter(Boolean)).toHaveLength(31);
  });
});

describe('Prometheus text', () => {
  it('sums each family over its labels and skips histogram buckets', () => {
    const text = [
      '# HELP orders_total Orders',
      '# TYPE orders_total counter',
      'orders_total{status="confirmed"} 3',
      'orders_total{status="failed"} 1',
      'latency_bucket{le="1"} 9',
      'latency_count 9',
    ].join('\n');
    expect(parsePrometheus(text).map((metric) => [metric.name, metric.type, metric.value])).toEqual([
      ['orders_total', 'counter', 4],
      ['latency_count', 'untyped', 9],
    ]);
  });
});
