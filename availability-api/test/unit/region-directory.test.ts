import { createRegionResolver, defaultRegionMapping, listAirportCodes } from '@fareflow/shared';

import { listRegions } from '../../src/domain/region-directory';

describe('listRegions', () => {
  it('gives every region with a URL its origin airports, sorted, each airport in exactly one region', () => {
    const airports = listAirportCodes();
    const regions = listRegions(
      { us: 'https://us.example', eu: 'https://eu.example' },
      createRegionResolver(defaultRegionMapping),
      airports,
    );
    expect(regions.map((entry) => [entry.region, entry.baseUrl])).toEqual([
      ['eu', 'https://eu.example'],
      ['us', 'https://us.example'],
    ]);
    const [eu, us] = regions;
    expect(us?.airports).toEqual(expect.arrayContaining(['JFK', 'GRU', 'YYZ']));
    expect(eu?.airports).toEqual(expect.arrayContaining(['FRA', 'LHR', 'NRT']));
    expect(us?.airports).not.toContain('FRA');
    expect((us?.airports.length ?? 0) + (eu?.airports.length ?? 0)).toBe(airports.length);
    expect(us?.airports).toEqual([...(us?.airports ?? [])].sort());
  });

  it('lists a region with a URL and no airports, and leaves out airports of a region without a URL', () => {
    const regions = listRegions(
      { us: 'https://us.example', ap: 'https://ap.example' },
      (iata) => (iata === 'JFK' ? 'us' : 'eu'),
      ['JFK', 'FRA'],
    );
    expect(regions).toEqual([
      { region: 'ap', baseUrl: 'https://ap.example', airports: [] },
      { region: 'us', baseUrl: 'https://us.example', airports: ['JFK'] },
    ]);
  });
});
