import { buildItineraries, type ConnectionInput } from '../../src/domain/itineraries';
import { buildFare } from '../support/fare-builder';

const rules = { minConnectionMinutes: 45, maxConnectionMinutes: 360 };

function input(overrides: Partial<ConnectionInput>): ConnectionInput {
  return {
    origin: 'FRA',
    destination: 'JFK',
    firstLegs: [],
    middleLegsByHub: new Map(),
    lastLegsByHub: new Map(),
    maxStops: 1,
    rules,
    ...overrides,
  };
}

describe('buildItineraries', () => {
  const direct = buildFare({ origin: 'FRA', destination: 'JFK', departs: '2026-12-01T10:00', price: '499.90' });
  const toMuc = buildFare({ flightNumber: '100', origin: 'FRA', destination: 'MUC', departs: '2026-12-01T08:00' });

  it('keeps a direct flight with its stored price verbatim', () => {
    const [only] = buildItineraries(input({ firstLegs: [direct], maxStops: 0 }));
    expect(only).toMatchObject({ id: direct.flightId, price: '499.90', stops: 0, legs: [direct] });
  });

  it('connects at a hub respecting the minimum connection time and sums the legs exactly', () => {
    const tooTight = buildFare({
      flightNumber: '410',
      origin: 'MUC',
      destination: 'JFK',
      departs: '2026-12-01T09:40',
      price: '0.10',
    });
    const fine = buildFare({
      flightNumber: '412',
      origin: 'MUC',
      destination: 'JFK',
      departs: '2026-12-01T10:15',
      price: '300.05',
    });
    const result = buildItineraries(input({ firstLegs: [toMuc], lastLegsByHub: new Map([['MUC', [tooTight, fine]]]) }));
    expect(result.map((itinerary) => itinerary.id)).toEqual([`${toMuc.flightId}+${fine.flightId}`]);
    expect(result[0]).toMatchObject({ price: '400.05', stops: 1, durationMinutes: 225, currency: 'EUR' });
  });

  it('never mixes cabins or currencies, skips sold-out legs and respects maxStops', () => {
    const business = buildFare({
      flightNumber: '412',
      origin: 'MUC',
      destination: 'JFK',
      departs: '2026-12-01T11:00',
      cabin: 'BUSINESS',
    });
    const dollars = buildFare({
      flightNumber: '414',
      origin: 'MUC',
      destination: 'JFK',
      departs: '2026-12-01T11:00',
      currency: 'USD',
    });
    const soldOut = buildFare({
      flightNumber: '416',
      origin: 'MUC',
      destination: 'JFK',
      departs: '2026-12-01T11:00',
      seatsAvailable: 0,
    });
    const lastLegsByHub = new Map([['MUC', [business, dollars, soldOut]]]);
    expect(buildItineraries(input({ firstLegs: [toMuc], lastLegsByHub }))).toEqual([]);
    const ok = buildFare({ flightNumber: '418', origin: 'MUC', destination: 'JFK', departs: '2026-12-01T11:00' });
    expect(
      buildItineraries(input({ firstLegs: [toMuc], lastLegsByHub: new Map([['MUC', [ok]]]), maxStops: 0 })),
    ).toEqual([]);
  });

  it('builds two-stop trips without visiting an airport twice', () => {
    const mucCdg = buildFare({ flightNumber: '200', origin: 'MUC', destination: 'CDG', departs: '2026-12-01T10:30' });
    const mucFra = buildFare({ flightNumber: '202', origin: 'MUC', destination: 'FRA', departs: '2026-12-01T10:30' });
    const cdgJfk = buildFare({
      carrier: 'AF',
      flightNumber: '10',
      origin: 'CDG',
      destination: 'JFK',
      departs: '2026-12-01T13:00',
    });
    const fraJfk = buildFare({ flightNumber: '404', origin: 'FRA', destination: 'JFK', departs: '2026-12-01T13:00' });
    const result = buildItineraries(
      input({
        firstLegs: [toMuc],
        middleLegsByHub: new Map([['MUC', [mucCdg, mucFra]]]),
        lastLegsByHub: new Map([
          ['CDG', [cdgJfk]],
          ['FRA', [fraJfk]],
        ]),
        maxStops: 2,
      }),
    );
    expect(result.map((itinerary) => itinerary.id)).toEqual([[toMuc, mucCdg, cdgJfk].map((f) => f.flightId).join('+')]);
    expect(result[0]?.stops).toBe(2);
  });
});
