import { aggregatorConfigSchema, loadAggregatorConfig, regionsWithoutCassandra } from '../../src/config';

describe('aggregator config', () => {
  it('starts with defaults: metrics on 9102, Americas to us, the rest to eu', () => {
    const config = loadAggregatorConfig({});
    expect(config.METRICS_PORT).toBe(9102);
    expect(config.REGION_MAPPING.defaultRegion).toBe('eu');
    expect(regionsWithoutCassandra(config)).toEqual([]);
  });

  it('names every bad variable at once', () => {
    expect(() => loadAggregatorConfig({ FARE_BATCH_SIZE: '0', REGION_MAPPING: '{not json' })).toThrow(
      /FARE_BATCH_SIZE[\s\S]*REGION_MAPPING|REGION_MAPPING[\s\S]*FARE_BATCH_SIZE/,
    );
  });

  it('accepts more regions by configuration and reports those without Cassandra', () => {
    const config = loadAggregatorConfig({
      REGION_MAPPING: JSON.stringify({ rules: [{ region: 'apac', timeZonePrefixes: ['Asia/'] }], defaultRegion: 'eu' }),
    });
    expect(regionsWithoutCassandra(config)).toEqual(['apac']);
  });

  it('refuses a region name that cannot be a keyspace suffix', () => {
    const result = aggregatorConfigSchema.safeParse({
      REGION_MAPPING: JSON.stringify({ rules: [], defaultRegion: 'EU-West' }),
    });
    expect(result.success).toBe(false);
  });
});
