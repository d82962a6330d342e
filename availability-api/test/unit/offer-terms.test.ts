import { toItinerary } from '../../src/domain/itineraries';
import { offerTermsOf } from '../../src/domain/offer-terms';
import { buildFare } from '../support/fare-builder';

const MINUTE = 60_000;
const policy = { ttlMs: 20 * MINUTE, cutoffMs: 60 * MINUTE };

describe('offer terms', () => {
  const first = buildFare({ origin: 'BOS', destination: 'JFK', departs: '2026-12-03T10:00', price: '89.10' });
  const second = buildFare({
    flightNumber: '900',
    origin: 'JFK',
    destination: 'LAX',
    departs: '2026-12-03T12:00',
    price: '350.255',
  });
  const connection = toItinerary([first, second]);

  it('binds every leg at the price shown, in the cabin and currency shown', () => {
    const now = Date.parse('2026-12-01T08:00:00Z');
    expect(offerTermsOf(connection, now, policy)).toEqual({
      cabin: 'ECONOMY',
      currency: 'EUR',
      expiresAt: '2026-12-01T08:20:00.000Z',
      legs: [
        { flightId: first.flightId, unitPrice: '89.10', observedAt: '2026-01-01T00:00:00.000Z' },
        { flightId: second.flightId, unitPrice: '350.255', observedAt: '2026-01-01T00:00:00.000Z' },
      ],
    });
  });

  it('never runs past the sales cut-off of the first leg', () => {
    const now = Date.parse('2026-12-03T08:50:00Z');
    expect(offerTermsOf(connection, now, policy).expiresAt).toBe('2026-12-03T09:00:00.000Z');
  });

  it("never runs past an airline's guarantee that is still running, and ignores one that has lapsed", () => {
    const now = Date.parse('2026-12-01T08:00:00Z');
    const guaranteed = { ...second, offerExpiresAtMs: now + 5 * MINUTE };
    expect(offerTermsOf(toItinerary([first, guaranteed]), now, policy).expiresAt).toBe('2026-12-01T08:05:00.000Z');
    const lapsed = { ...second, offerExpiresAtMs: now - MINUTE };
    expect(offerTermsOf(toItinerary([first, lapsed]), now, policy).expiresAt).toBe('2026-12-01T08:20:00.000Z');
  });
});
