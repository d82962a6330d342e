import { ConfigError } from '@fareflow/shared';

import { loadAvailabilityConfig } from '../../src/config';

describe('availability config', () => {
  it('defaults the port by region', () => {
    expect(loadAvailabilityConfig({ REGION: 'us' }).PORT).toBe(8081);
    expect(loadAvailabilityConfig({ REGION: 'eu' }).PORT).toBe(8082);
    expect(loadAvailabilityConfig({ REGION: 'eu', PORT: '9000' }).PORT).toBe(9000);
  });

  it.each([
    [{}, 'REGION'],
    [{ REGION: 'asia' }, 'REGION'],
    [{ REGION: 'us', CACHE_TTL_MS: '1500' }, 'CACHE_TTL_MS'],
    [{ REGION: 'us', CACHE_ENABLED: 'yes' }, 'CACHE_ENABLED'],
    [{ REGION: 'us', CURSOR_SECRET: 'short' }, 'CURSOR_SECRET'],
    [{ REGION: 'us', REGION_API_URLS: '{"us":"http://a"}' }, 'REGION_API_URLS'],
    [{ REGION: 'us', MIN_CONNECTION_MINUTES: '400' }, 'MIN_CONNECTION_MINUTES'],
  ])('fails at start naming the variable: %j', (env, variable) => {
    expect(() => loadAvailabilityConfig(env)).toThrow(ConfigError);
    expect(() => loadAvailabilityConfig(env)).toThrow(variable);
  });
});
