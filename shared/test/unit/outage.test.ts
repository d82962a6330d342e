import { isOutage, PermanentError, RetryableError, UNAVAILABLE } from '../../src';

const withCode = (message: string, code: string | number, name?: string) => {
  const error = Object.assign(new Error(message), { code });
  if (name) {
    error.name = name;
  }
  return error;
};

describe('isOutage', () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['PostgreSQL shutting down', withCode('terminating connection due to administrator command', '57P01')],
    ['PostgreSQL connection failure', withCode('connection failure', '08006')],
    ['a dropped pg connection', new Error('Connection terminated unexpectedly')],
    [
      'no Cassandra host',
      Object.assign(new Error('All host(s) tried for query failed'), { name: 'NoHostAvailableError' }),
    ],
    [
      'Cassandra unavailable replicas',
      withCode('Cannot achieve consistency level LOCAL_QUORUM', 0x1000, 'ResponseError'),
    ],
    ['our own UNAVAILABLE code', new RetryableError(UNAVAILABLE, 'store is down')],
    [
      'an outage wrapped by an adapter',
      new RetryableError('CASSANDRA_WRITE_FAILED', 'cassandra eu: failed', {
        cause: Object.assign(new Error('All host(s) tried for query failed'), { name: 'NoHostAvailableError' }),
      }),
    ],
  ])('is true for %s', (_name, error) => {
    expect(isOutage(error)).toBe(true);
  });

  it.each([
    ['a bug', new TypeError('cannot read properties of undefined')],
    ['a data error', withCode('numeric field overflow', '22003')],
    ['a permanent error', new PermanentError('REJECTED', 'bad message', { cause: new Error('Connection terminated') })],
    ['a retryable error of the work itself', new RetryableError('LOCK_TIMEOUT', 'lock timeout')],
    ['Cassandra refusing a query', withCode('Invalid query', 0x2200, 'ResponseError')],
    ['not an error', 'ECONNREFUSED'],
  ])('is false for %s', (_name, error) => {
    expect(isOutage(error)).toBe(false);
  });
});
