import { regionSettingsSchema } from '../../src/config/env-schemas';
import { findAirport } from '../../src/geo/airports';
import { createRegionResolver, defaultRegionMapping, regionMappingSchema } from '../../src/geo/region-mapping';

describe('region mapping', () => {
  const resolve = createRegionResolver(defaultRegionMapping);

  it('puts the Americas in us and the rest in eu by default', () => {
    expect(resolve('JFK')).toBe('us');
    expect(resolve('GRU')).toBe('us');
    expect(resolve('YYZ')).toBe('us');
    expect(resolve('FRA')).toBe('eu');
    expect(resolve('NRT')).toBe('eu');
    expect(resolve('SYD')).toBe('eu');
  });

  it('knows nothing of an airport that does not exist', () => {
    expect(resolve('QQQ')).toBeUndefined();
    expect(resolve('constructor')).toBeUndefined();
  });

  it('lets configuration add regions, first matching rule wins', () => {
    const withAsia = createRegionResolver({
      rules: [
        { region: 'ap', timeZonePrefixes: ['Asia/', 'Australia/'] },
        { region: 'us', countries: ['United States'] },
        { region: 'us', airports: ['LHR'] },
      ],
      defaultRegion: 'eu',
    });
    expect(withAsia('NRT')).toBe('ap');
    expect(withAsia('SYD')).toBe('ap');
    expect(withAsia('JFK')).toBe('us');
    expect(withAsia('LHR')).toBe('us');
    expect(withAsia('GRU')).toBe('eu');
  });

  it('refuses region names that would clash with other queue names', () => {
    for (const name of ['dead', 'legacy', 'EU', 'e']) {
      expect(regionMappingSchema.safeParse({ rules: [], defaultRegion: name }).success).toBe(false);
      expect(
        regionSettingsSchema.safeParse({ [name]: { contactPoints: ['127.0.0.1'], localDataCenter: 'x' } }).success,
      ).toBe(false);
    }
    expect(regionMappingSchema.safeParse({ rules: [{ region: 'apac' }], defaultRegion: 'eu' }).success).toBe(true);
  });

  it('carries the time zone that local departure times need', () => {
    expect(findAirport('CDG')).toMatchObject({ iata: 'CDG', country: 'France', timeZone: 'Europe/Paris' });
  });
});
