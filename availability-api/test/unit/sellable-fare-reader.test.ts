import { createSellableFareReader } from '../../src/adapters/sellable-fare-reader';
import type { Fare, FareReader } from '../../src/domain/fare';
import { buildFare } from '../support/fare-builder';

const MINUTE = 60_000;

/** A store of our own port: every read answers from the list. */
function fakeReader(fares: Fare[]): FareReader {
  return {
    findRouteFares: async (origin, destination, fromDate, toDate) =>
      fares.filter(
        (fare) =>
          fare.origin === origin &&
          fare.destination === destination &&
          fare.departureDate >= fromDate &&
          fare.departureDate <= toDate,
      ),
    findOriginFares: async (origin, date) =>
      fares.filter((fare) => fare.origin === origin && fare.departureDate === date),
    // As the store keeps it: the cheapest per destination and day, whatever its departure time.
    findCheapestFares: async (origin, fromDate, toDate) => {
      const best = new Map<string, Fare>();
      for (const fare of fares) {
        const key = `${fare.destination}|${fare.departureDate}`;
        const current = best.get(key);
        const isInWindow = fare.origin === origin && fare.departureDate >= fromDate && fare.departureDate <= toDate;
        if (isInWindow && (!current || fare.priceScaled < current.priceScaled)) {
          best.set(key, fare);
        }
      }
      return [...best.values()];
    },
  };
}

describe('sellable fares', () => {
  const now = Date.parse('2026-12-02T23:00:00Z');
  const departed = buildFare({ flightNumber: '1', origin: 'ATL', destination: 'RSW', departs: '2026-12-02T22:58' });
  const insideCutoff = buildFare({ flightNumber: '2', origin: 'ATL', destination: 'RSW', departs: '2026-12-02T23:20' });
  const open = buildFare({ flightNumber: '3', origin: 'ATL', destination: 'RSW', departs: '2026-12-02T23:59' });
  const reader = createSellableFareReader(fakeReader([departed, insideCutoff, open]), {
    now: () => now,
    cutoffMs: 30 * MINUTE,
  });

  it('leaves out departed flights and flights inside the cut-off on route and origin reads', async () => {
    const ids = (fares: Fare[]) => fares.map((fare) => fare.flightId);
    expect(ids(await reader.findRouteFares('ATL', 'RSW', '2026-12-02', '2026-12-02'))).toEqual([open.flightId]);
    expect(ids(await reader.findOriginFares('ATL', '2026-12-02'))).toEqual([open.flightId]);
  });

  it("takes a day's cheapest again from the flights still on sale when the stored cheapest has closed", async () => {
    const cheapClosed = { ...insideCutoff, price: '10.00', priceScaled: 10_000_000n };
    const later = createSellableFareReader(fakeReader([cheapClosed, open]), { now: () => now, cutoffMs: 30 * MINUTE });
    expect(await later.findCheapestFares('ATL', '2026-12-02', '2026-12-02')).toEqual([open]);
  });

  it('returns nothing for a day whose flights have all closed', async () => {
    const closedOnly = createSellableFareReader(fakeReader([departed, insideCutoff]), {
      now: () => now,
      cutoffMs: 30 * MINUTE,
    });
    expect(await closedOnly.findCheapestFares('ATL', '2026-12-02', '2026-12-02')).toEqual([]);
  });
});
