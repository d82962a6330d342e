import { toScaled } from '@fareflow/shared';

import { type FareFilter, isLegAllowed, isWithinPrice } from '../../src/domain/fare-filter';
import { type FareSearch, filterOf, resultSetKeyOf } from '../../src/domain/fare-query';
import { buildItineraries, type ConnectionInput, toItinerary } from '../../src/domain/itineraries';
import { partyPriceOf } from '../../src/domain/party-price';
import { buildFare } from '../support/fare-builder';

const rules = { minConnectionMinutes: 45, maxConnectionMinutes: 360 };
const lhLeg = buildFare({ carrier: 'LH', origin: 'FRA', destination: 'MUC', departs: '2026-12-01T08:00' });

describe('isLegAllowed', () => {
  it.each<[string, FareFilter, boolean]>([
    ['any fare', { passengers: 1 }, true],
    ['a party that fits the seats', { passengers: 9 }, true],
    ['a party larger than the seats', { passengers: 4 }, false],
    ['its carrier included', { passengers: 1, carriers: new Set(['UA', 'LH']) }, true],
    ['its carrier not included', { passengers: 1, carriers: new Set(['UA']) }, false],
    ['its carrier excluded', { passengers: 1, excludeCarriers: new Set(['LH']) }, false],
    ['another carrier excluded', { passengers: 1, excludeCarriers: new Set(['UA']) }, true],
    ['another currency', { passengers: 1, currency: 'USD' }, false],
    ['another cabin', { passengers: 1, cabin: 'BUSINESS' }, false],
  ])('decides %s', (_name, filter, expected) => {
    const fare = filter.passengers === 4 ? { ...lhLeg, seatsAvailable: 3 } : lhLeg;
    expect(isLegAllowed(fare, filter)).toBe(expected);
  });

  it('never allows a sold-out leg, whatever the party', () => {
    expect(isLegAllowed({ ...lhLeg, seatsAvailable: 0 }, { passengers: 0 })).toBe(false);
  });

  it('compares prices exactly, the limit itself included', () => {
    const filter = { passengers: 1, maxPriceScaled: toScaled('500.00') };
    expect(isWithinPrice(toScaled('500'), filter)).toBe(true);
    expect(isWithinPrice(toScaled('500.000001'), filter)).toBe(false);
  });
});

describe('partyPriceOf', () => {
  it('multiplies exactly, keeping the stored unit price verbatim', () => {
    const itinerary = toItinerary([{ ...lhLeg, price: '129.905', priceScaled: toScaled('129.905') }]);
    expect(partyPriceOf(itinerary, 1)).toEqual({ unitPrice: '129.905', totalPrice: '129.905' });
    expect(partyPriceOf(itinerary, 3)).toEqual({ unitPrice: '129.905', totalPrice: '389.715' });
    const tenCents = toItinerary([{ ...lhLeg, price: '0.10', priceScaled: toScaled('0.10') }]);
    expect(partyPriceOf(tenCents, 3).totalPrice).toBe('0.30');
  });
});

describe('resultSetKeyOf', () => {
  const search: FareSearch = {
    origin: 'JFK',
    destination: 'LAX',
    date: '2026-12-01',
    passengers: 1,
    maxStops: 0,
    sort: 'price',
    limit: 20,
  };
  const variants: Partial<FareSearch>[] = [
    { cabin: 'ECONOMY' },
    { carriers: ['AA'] },
    { excludeCarriers: ['AA'] },
    { currency: 'USD' },
    { maxPrice: '500.00' },
    { passengers: 2 },
    { maxStops: 3 },
    { sort: 'arrival' },
    { date: '2026-12-02' },
  ];

  it('changes with every parameter that decides the results, and not with the page', () => {
    const keys = variants.map((variant) => resultSetKeyOf({ ...search, ...variant }));
    expect(new Set([resultSetKeyOf(search), ...keys]).size).toBe(variants.length + 1);
    expect(resultSetKeyOf({ ...search, limit: 5, cursor: 'x' })).toBe(resultSetKeyOf(search));
  });

  it('turns the search into a filter', () => {
    const filter = filterOf({ ...search, carriers: ['AA', 'UA'], maxPrice: '250.50', passengers: 3 });
    expect(filter).toEqual({ passengers: 3, carriers: new Set(['AA', 'UA']), maxPriceScaled: toScaled('250.50') });
  });
});

describe('buildItineraries with filters and three stops', () => {
  // FRA -> MUC -> VIE -> ZRH -> JFK, one leg an hour and a half after the previous one lands.
  const legs = [
    buildFare({ carrier: 'LH', flightNumber: '1', origin: 'FRA', destination: 'MUC', departs: '2026-12-01T06:00' }),
    buildFare({ carrier: 'OS', flightNumber: '2', origin: 'MUC', destination: 'VIE', departs: '2026-12-01T09:00' }),
    buildFare({ carrier: 'LX', flightNumber: '3', origin: 'VIE', destination: 'ZRH', departs: '2026-12-01T12:00' }),
    buildFare({ carrier: 'LX', flightNumber: '4', origin: 'ZRH', destination: 'JFK', departs: '2026-12-01T15:00' }),
  ];
  const [fraMuc, mucVie, vieZrh, zrhJfk] = legs as [typeof lhLeg, typeof lhLeg, typeof lhLeg, typeof lhLeg];
  const input = (overrides: Partial<ConnectionInput>): ConnectionInput => ({
    origin: 'FRA',
    destination: 'JFK',
    firstLegs: [fraMuc],
    middleLegsByHub: new Map([
      ['MUC', [mucVie]],
      ['VIE', [vieZrh]],
    ]),
    lastLegsByHub: new Map([['ZRH', [zrhJfk]]]),
    maxStops: 3,
    rules,
    ...overrides,
  });

  it('builds a three-stop trip, priced as the exact sum, and not with fewer stops allowed', () => {
    const [trip] = buildItineraries(input({}));
    expect(trip).toMatchObject({ id: legs.map((leg) => leg.flightId).join('+'), stops: 3, price: '400.00' });
    expect(buildItineraries(input({ maxStops: 2 }))).toEqual([]);
  });

  it('applies the carrier rules to every leg, the party to every leg and maxPrice to the sum', () => {
    const allOf = (filter: Partial<FareFilter>) =>
      buildItineraries(input({ filter: { passengers: 1, ...filter } })).length;
    expect(allOf({ carriers: new Set(['LH', 'OS', 'LX']) })).toBe(1);
    expect(allOf({ carriers: new Set(['LH', 'LX']) })).toBe(0);
    expect(allOf({ excludeCarriers: new Set(['OS']) })).toBe(0);
    expect(allOf({ excludeCarriers: new Set(['UA']) })).toBe(1);
    expect(allOf({ maxPriceScaled: toScaled('400') })).toBe(1);
    expect(allOf({ maxPriceScaled: toScaled('399.99') })).toBe(0);
    expect(allOf({ passengers: 9 })).toBe(1);
    const short = input({
      middleLegsByHub: new Map([
        ['MUC', [{ ...mucVie, seatsAvailable: 3 }]],
        ['VIE', [vieZrh]],
      ]),
    });
    expect(buildItineraries({ ...short, filter: { passengers: 4 } })).toEqual([]);
    expect(buildItineraries({ ...short, filter: { passengers: 3 } })).toHaveLength(1);
  });

  it('keeps at most maxPathsPerHub partial trips per change airport, the cheapest, and never cuts one-stop trips', () => {
    const mucVies = [5, 1, 3, 2, 4].map((price, index) =>
      buildFare({
        carrier: 'OS',
        flightNumber: String(10 + index),
        origin: 'MUC',
        destination: 'VIE',
        departs: `2026-12-01T09:${String(index * 5).padStart(2, '0')}`,
        price: `${price}.00`,
      }),
    );
    const directToJfk = [1, 2, 3].map((index) =>
      buildFare({
        carrier: 'UA',
        flightNumber: String(90 + index),
        origin: 'MUC',
        destination: 'JFK',
        departs: `2026-12-01T1${index}:00`,
      }),
    );
    const viaVie = buildItineraries(
      input({
        middleLegsByHub: new Map([
          ['MUC', mucVies],
          ['VIE', [vieZrh]],
        ]),
        lastLegsByHub: new Map([
          ['ZRH', [zrhJfk]],
          ['MUC', directToJfk],
        ]),
        maxPathsPerHub: 2,
      }),
    );
    const threeStops = viaVie.filter((trip) => trip.stops === 3).map((trip) => trip.legs[1]?.price);
    expect(threeStops.sort()).toEqual(['1.00', '2.00']);
    expect(viaVie.filter((trip) => trip.stops === 1)).toHaveLength(3);
  });
});
