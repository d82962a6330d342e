import { defaultRegionMapping } from '@fareflow/shared';

import { loadOrderConfig } from '../../src/config';
import { parsePreferWait } from '../../src/http/order-response.mapper';

describe('order config', () => {
  it('defaults to every role on port 8090 with 15-minute holds', () => {
    const config = loadOrderConfig({});
    expect(config.ORDER_ROLES).toEqual(['api', 'worker', 'relay', 'sweeper', 'preorders', 'fares']);
    expect(config.ORDER_API_PORT).toBe(8090);
    expect(config.ORDER_HOLD_TTL_MS).toBe(15 * 60_000);
    expect(config.REGION_MAPPING).toEqual(defaultRegionMapping);
  });

  it('refuses a region mapping that is not JSON or names a region no routing key can carry', () => {
    expect(() => loadOrderConfig({ REGION_MAPPING: '{' })).toThrow(/REGION_MAPPING/);
    expect(() => loadOrderConfig({ REGION_MAPPING: JSON.stringify({ rules: [], defaultRegion: '#' }) })).toThrow(
      /REGION_MAPPING/,
    );
  });

  it('fails naming every bad variable: unknown role, rate above 1', () => {
    expect(() => loadOrderConfig({ ORDER_ROLES: 'api,cron', PAYMENT_DECLINE_RATE: '1.5' })).toThrow(
      /ORDER_ROLES[\s\S]*PAYMENT_DECLINE_RATE/,
    );
  });
});

describe('parsePreferWait', () => {
  it('reads wait=N among other preferences and caps it', () => {
    expect(parsePreferWait('respond-async, wait=5', 30)).toBe(5);
    expect(parsePreferWait('wait=100', 30)).toBe(30);
    expect(parsePreferWait('return=minimal', 30)).toBeUndefined();
    expect(parsePreferWait(undefined, 30)).toBeUndefined();
  });
});
