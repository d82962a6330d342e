import { defaultRegionMapping } from '@fareflow/shared';

import { loadOrderConfig } from '../../src/config';
import { parsePreferWait } from '../../src/http/order-response.mapper';

const OFFER_SECRET = 'offer-secret-of-at-least-32-characters';

describe('order config', () => {
  it('defaults to every role on port 8090 with 15-minute holds and a one-hour sales cut-off', () => {
    const config = loadOrderConfig({ OFFER_SECRET });
    expect(config.SALES_CUTOFF_MINUTES).toBe(60);
    expect(config.ORDER_ROLES).toEqual(['api', 'worker', 'relay', 'sweeper', 'preorders', 'fares', 'webhooks']);
    expect(config.ORDER_API_PORT).toBe(8090);
    expect(config.ORDER_HOLD_TTL_MS).toBe(15 * 60_000);
    expect(config.REGION_MAPPING).toEqual(defaultRegionMapping);
  });

  it('refuses a region mapping that is not JSON or names a region no routing key can carry', () => {
    expect(() => loadOrderConfig({ OFFER_SECRET, REGION_MAPPING: '{' })).toThrow(/REGION_MAPPING/);
    expect(() =>
      loadOrderConfig({ OFFER_SECRET, REGION_MAPPING: JSON.stringify({ rules: [], defaultRegion: '#' }) }),
    ).toThrow(/REGION_MAPPING/);
  });

  it('refuses to start without the offer secret the availability APIs sign with, or with a negative cut-off', () => {
    expect(() => loadOrderConfig({})).toThrow(/OFFER_SECRET/);
    expect(() => loadOrderConfig({ OFFER_SECRET: 'short' })).toThrow(/OFFER_SECRET/);
    expect(() => loadOrderConfig({ OFFER_SECRET, SALES_CUTOFF_MINUTES: '-1' })).toThrow(/SALES_CUTOFF_MINUTES/);
  });

  it('fails naming every bad variable: unknown role, rate above 1', () => {
    expect(() => loadOrderConfig({ OFFER_SECRET, ORDER_ROLES: 'api,cron', PAYMENT_DECLINE_RATE: '1.5' })).toThrow(
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
