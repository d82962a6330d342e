import type { FareHistoryRow } from '@fareflow/shared';

import { summarizeFareHistory } from '../../src/domain/fare-history';

const row = (
  flight: string,
  observedOn: string,
  price: string,
  extra: Partial<FareHistoryRow> = {},
): FareHistoryRow => ({
  origin: 'JFK',
  destination: 'LAX',
  departureDate: '2027-01-20',
  cabin: 'ECONOMY',
  observedOn,
  flightId: `${flight}-2027-01-20-JFK-LAX`,
  price,
  currency: 'USD',
  seatsAvailable: 5,
  departureUtc: '2027-01-20T14:00:00.000Z',
  observedAt: `${observedOn}T12:00:00.000Z`,
  ...extra,
});
const always = () => true;

describe('summarizeFareHistory', () => {
  it('takes low, median and high per day, days ascending, exact to the cent and below', () => {
    const [series] = summarizeFareHistory(
      [
        row('AA2', '2026-11-02', '150.01'),
        row('AA1', '2026-11-02', '150'),
        row('AA1', '2026-11-01', '120.00'),
        row('AA2', '2026-11-01', '210.00'),
        row('AA3', '2026-11-01', '150.00'),
      ],
      always,
    );
    expect(series?.days).toEqual([
      { observedOn: '2026-11-01', low: '120.00', median: '150.00', high: '210.00', flights: 3 },
      { observedOn: '2026-11-02', low: '150.00', median: '150.005', high: '150.01', flights: 2 },
    ]);
    expect(
      series?.flights.map((flight) => [flight.flightId.slice(0, 3), flight.points.map((point) => point.price)]),
    ).toEqual([
      ['AA1', ['120.00', '150.00']],
      ['AA2', ['210.00', '150.01']],
      ['AA3', ['150.00']],
    ]);
  });

  it('gives one series per cabin and currency, cabins in travel order, and leaves out sold-out and closed fares', () => {
    const series = summarizeFareHistory(
      [
        row('AA1', '2026-11-01', '900.00', { cabin: 'FIRST' }),
        row('AA1', '2026-11-01', '500.00', { cabin: 'BUSINESS' }),
        row('AA1', '2026-11-01', '100.00', { currency: 'USD' }),
        row('IB1', '2026-11-01', '90.00', { currency: 'EUR' }),
        row('AA2', '2026-11-01', '80.00', { seatsAvailable: 0 }),
        row('AA3', '2026-11-01', '70.00', { departureUtc: '2027-01-20T09:00:00.000Z' }),
      ],
      (item) => item.departureUtc !== '2027-01-20T09:00:00.000Z',
    );
    expect(series.map((entry) => `${entry.cabin}/${entry.currency}/${entry.days[0]?.low}`)).toEqual([
      'ECONOMY/EUR/90.00',
      'ECONOMY/USD/100.00',
      'BUSINESS/USD/500.00',
      'FIRST/USD/900.00',
    ]);
  });

  it('is empty when nothing could be bought', () => {
    expect(summarizeFareHistory([row('AA1', '2026-11-01', '1.00', { seatsAvailable: 0 })], always)).toEqual([]);
  });
});
