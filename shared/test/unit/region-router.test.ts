import { defaultRegionMapping, regionsOf } from '../../src/geo/region-mapping';
import { createRegionRouter } from '../../src/geo/region-router';

describe('region router (where producers send a flight)', () => {
  const router = createRegionRouter(defaultRegionMapping);

  it('sends a flight to the region of its origin airport, read from its id', () => {
    expect(router.regionOfAirport('JFK')).toBe('us');
    expect(router.regionOfAirport('FRA')).toBe('eu');
    expect(router.regionOfFlight('LH400-2026-12-01-FRA-JFK')).toBe('eu');
    expect(router.regionOfFlight('AA100-2026-12-01-JFK-LHR')).toBe('us');
    expect(router.regionOfFlight('U21234A-2026-01-02-LGW-BCN')).toBe('eu');
  });

  it('sends what it cannot place to the default region, whose consumer dead-letters it with the reason', () => {
    expect(router.regionOfAirport('QQQ')).toBe('eu');
    expect(router.regionOfFlight('ZZ1-2026-12-01-QQQ-JFK')).toBe('eu');
    expect(router.regionOfFlight('not a flight id')).toBe('eu');
  });

  it('lists every region the mapping can give, each once, sorted', () => {
    expect(router.regions).toEqual(['eu', 'us']);
    expect(
      regionsOf({
        rules: [
          { region: 'us', countries: ['United States'] },
          { region: 'ap', timeZonePrefixes: ['Asia/'] },
          { region: 'us', airports: ['LHR'] },
        ],
        defaultRegion: 'eu',
      }),
    ).toEqual(['ap', 'eu', 'us']);
  });

  it('follows a configured mapping, default region included', () => {
    const withAsia = createRegionRouter({
      rules: [{ region: 'ap', timeZonePrefixes: ['Asia/'] }],
      defaultRegion: 'us',
    });
    expect(withAsia.regionOfFlight('NH10-2026-12-01-NRT-JFK')).toBe('ap');
    expect(withAsia.regionOfFlight('LH400-2026-12-01-FRA-JFK')).toBe('us');
    expect(withAsia.regionOfAirport('QQQ')).toBe('us');
  });
});
