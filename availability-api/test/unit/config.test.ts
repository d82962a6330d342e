import { ConfigError } from '@fareflow/shared';

import { loadAvailabilityConfig } from '../../src/config';

const OFFER_SECRET = 'offer-secret-of-at-least-32-characters';

describe('availability config', () => {
  it('defaults the port by region, the offer lifetime and the sales cut-off', () => {
    expect(loadAvailabilityConfig({ REGION: 'us', OFFER_SECRET }).PORT).toBe(8081);
    expect(loadAvailabilityConfig({ REGION: 'eu', OFFER_SECRET }).PORT).toBe(8082);
    expect(loadAvailabilityConfig({ REGION: 'eu', PORT: '9000', OFFER_SECRET }).PORT).toBe(9000);
    expect(loadAvailabilityConfig({ REGION: 'us', OFFER_SECRET })).toMatchObject({
      OFFER_TTL_MINUTES: 20,
      SALES_CUTOFF_MINUTES: 60,
    });
  });

  it('allows no CORS origin by default, and exact origins when listed', () => {
    expect(loadAvailabilityConfig({ REGION: 'us', OFFER_SECRET }).CORS_ORIGINS).toEqual([]);
    const origins = 'https://www.site.example, http://localhost:3000';
    expect(loadAvailabilityConfig({ REGION: 'us', OFFER_SECRET, CORS_ORIGINS: origins }).CORS_ORIGINS).toEqual([
      'https://www.site.example',
      'http://localhost:3000',
    ]);
  });

  it.each([
    [{ OFFER_SECRET }, 'REGION'],
    [{ REGION: 'us', OFFER_SECRET: undefined }, 'OFFER_SECRET'],
    [{ REGION: 'us', OFFER_SECRET: 'short' }, 'OFFER_SECRET'],
    [{ REGION: 'us', SALES_CUTOFF_MINUTES: '-5' }, 'SALES_CUTOFF_MINUTES'],
    [{ REGION: 'us', OFFER_TTL_MINUTES: '0' }, 'OFFER_TTL_MINUTES'],
    [{ REGION: 'asia' }, 'REGION'],
    [{ REGION: 'us', CACHE_TTL_MS: '1500' }, 'CACHE_TTL_MS'],
    [{ REGION: 'us', CACHE_ENABLED: 'yes' }, 'CACHE_ENABLED'],
    [{ REGION: 'us', CURSOR_SECRET: 'short' }, 'CURSOR_SECRET'],
    [{ REGION: 'us', REGION_API_URLS: '{"us":"http://a"}' }, 'REGION_API_URLS'],
    [{ REGION: 'us', MIN_CONNECTION_MINUTES: '400' }, 'MIN_CONNECTION_MINUTES'],
    [{ REGION: 'us', CORS_ORIGINS: '*' }, 'CORS_ORIGINS'],
    [{ REGION: 'us', CORS_ORIGINS: 'https://site.example/' }, 'CORS_ORIGINS'],
    [{ REGION: 'us', CORS_ORIGINS: 'https://site.example,ftp://x.example' }, 'CORS_ORIGINS'],
  ])('fails at start naming the variable: %j', (partial, variable) => {
    const env = { OFFER_SECRET, ...partial };
    expect(() => loadAvailabilityConfig(env)).toThrow(ConfigError);
    expect(() => loadAvailabilityConfig(env)).toThrow(variable);
  });
});
