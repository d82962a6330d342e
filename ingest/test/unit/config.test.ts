import { defaultRegionMapping } from '@fareflow/shared';

import { ingestEnvSchema, loadIngestConfig } from '../../src/config';

describe('ingest config', () => {
  it('starts with defaults that point every source at the local simulator', () => {
    const config = loadIngestConfig({});
    expect(config.SIMULATOR_PORT).toBe(8070);
    expect(config.METRICS_PORT).toBe(9101);
    expect(config.AMADEUS_BASE_URL).toBe('http://127.0.0.1:8070/amadeus');
    expect(config.AMADEUS_RATE_LIMIT_PER_SECOND).toBe(10);
    expect(config.SIMULATOR_FAULTS.serverErrorRate).toBe(0);
    expect(config.REGION_MAPPING).toEqual(defaultRegionMapping);
  });

  it("takes a region mapping (the aggregator's) and refuses one that cannot name a queue", () => {
    const mapping = { rules: [{ region: 'ap', timeZonePrefixes: ['Asia/'] }], defaultRegion: 'eu' };
    expect(loadIngestConfig({ REGION_MAPPING: JSON.stringify(mapping) }).REGION_MAPPING).toEqual(mapping);
    expect(() => loadIngestConfig({ REGION_MAPPING: '{not json' })).toThrow(/REGION_MAPPING/);
    expect(() => loadIngestConfig({ REGION_MAPPING: JSON.stringify({ rules: [], defaultRegion: 'eu.west' }) })).toThrow(
      /REGION_MAPPING/,
    );
  });

  it('refuses more than 100,000 simulated flights a day', () => {
    expect(() => loadIngestConfig({ SIMULATOR_FLIGHTS_PER_DAY: '100001' })).toThrow(/SIMULATOR_FLIGHTS_PER_DAY/);
    expect(loadIngestConfig({ SIMULATOR_FLIGHTS_PER_DAY: '100000' }).SIMULATOR_FLIGHTS_PER_DAY).toBe(100_000);
  });

  it('names every bad variable: fault JSON, cron expression, cabins, URLs, booleans', () => {
    const result = ingestEnvSchema.safeParse({
      SIMULATOR_FAULTS: '{"serverErrorRate": 0.9, "timeoutRate": 0.5}',
      SCRAPE_CRON: 'every minute',
      SIMULATOR_CABINS: 'ECONOMY,COACH',
      AMADEUS_BASE_URL: 'not a url',
      SIMULATOR_ENABLED: 'yes',
    });
    expect(result.success).toBe(false);
    const named = new Set(result.error?.issues.map((issue) => String(issue.path[0])));
    expect(named).toEqual(
      new Set(['SIMULATOR_FAULTS', 'SCRAPE_CRON', 'SIMULATOR_CABINS', 'AMADEUS_BASE_URL', 'SIMULATOR_ENABLED']),
    );
  });
});
