import { toItinerary } from '../../src/domain/itineraries';
import { type FareSort, orderItineraries, pageAfter, type SortKey } from '../../src/domain/ordering';
import { buildFare } from '../support/fare-builder';

const itineraries = Array.from({ length: 57 }, (_unused, index) =>
  toItinerary([
    buildFare({
      flightNumber: String(100 + index),
      origin: 'FRA',
      destination: 'JFK',
      departs: `2026-12-01T${String(index % 24).padStart(2, '0')}:${String(index % 60).padStart(2, '0')}`,
      // Many equal prices: paging must still be exact.
      price: `${100 + (index % 5)}.${index % 2 === 0 ? '5' : '50'}`,
      durationMinutes: 60 + (index % 7) * 10,
    }),
  ]),
);

describe('keyset paging', () => {
  it.each<FareSort>(['price', 'duration', 'departure', 'arrival'])(
    'visits every item once, in order, sorted by %s',
    (sort) => {
      const ordered = orderItineraries(itineraries, sort);
      const seen: string[] = [];
      let after: SortKey | undefined;
      do {
        const page = pageAfter(ordered, 10, after);
        seen.push(...page.items.map((item) => item.id));
        after = page.nextAfter;
      } while (after);
      expect(seen).toEqual(ordered.map((entry) => entry.itinerary.id));
      expect(new Set(seen).size).toBe(itineraries.length);
    },
  );

  it('orders prices numerically, not as text', () => {
    const cheap = toItinerary([
      buildFare({ origin: 'FRA', destination: 'JFK', departs: '2026-12-01T10:00', price: '99.99' }),
    ]);
    const dear = toItinerary([
      buildFare({ flightNumber: '9', origin: 'FRA', destination: 'JFK', departs: '2026-12-01T09:00', price: '100.00' }),
    ]);
    expect(orderItineraries([dear, cheap], 'price').map((entry) => entry.itinerary.price)).toEqual(['99.99', '100.00']);
  });
});
