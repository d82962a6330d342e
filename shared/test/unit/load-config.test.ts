import { z } from 'zod';

import { amqpEnv, cassandraEnv, ConfigError, loadConfig, postgresEnv } from '../../src/config';

const schema = z.object({
  ...postgresEnv,
  ...amqpEnv,
  ...cassandraEnv,
  PORT: z.coerce.number().int().min(1).max(65535),
});

describe('loadConfig', () => {
  it('applies defaults and freezes the result', () => {
    const config = loadConfig(schema, { PORT: '8081' });
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/fareflow');
    expect(config.CASSANDRA_REGIONS['eu']?.contactPoints).toEqual(['127.0.0.2']);
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.CASSANDRA_REGIONS)).toBe(true);
  });

  it('names every bad variable and what it got', () => {
    let thrown: unknown;
    try {
      loadConfig(schema, { PORT: '99999', AMQP_URL: 'http://nope', PG_SCHEMA: 'Drop Table' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const message = (thrown as Error).message;
    expect(message).toContain('PORT');
    expect(message).toContain('AMQP_URL');
    expect(message).toContain('"Drop Table"');
  });

  it('refuses a missing required variable', () => {
    expect(() => loadConfig(schema, {})).toThrow(/PORT/);
  });

  it('parses region settings from JSON and explains bad JSON', () => {
    const regions = JSON.stringify({ us: { contactPoints: ['10.0.0.1'], localDataCenter: 'us-east' } });
    expect(loadConfig(schema, { PORT: '1', CASSANDRA_REGIONS: regions }).CASSANDRA_REGIONS).toEqual({
      us: { contactPoints: ['10.0.0.1'], localDataCenter: 'us-east' },
    });
    expect(() => loadConfig(schema, { PORT: '1', CASSANDRA_REGIONS: '{nope' })).toThrow(
      /CASSANDRA_REGIONS: is not valid JSON/,
    );
    expect(() => loadConfig(schema, { PORT: '1', CASSANDRA_REGIONS: '{"us":{"contactPoints":[]}}' })).toThrow(
      /CASSANDRA_REGIONS/,
    );
  });
});
