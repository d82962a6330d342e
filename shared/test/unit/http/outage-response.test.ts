import { errors, types } from 'cassandra-driver';
import Fastify, { type FastifyInstance } from 'fastify';
import { DatabaseError } from 'pg';

import { PermanentError, registerErrorHandler, toErrorResponse } from '../../../src';

// Abstract in the typings, but the driver itself instantiates it (lib/connection.js).
type DriverErrorClass = new (message: string) => Error;

const pgShuttingDown = () =>
  Object.assign(new DatabaseError('the database system is shutting down', 100, 'error'), { code: '57P03' });
const refused = () =>
  Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED', syscall: 'connect' });

describe('a store that is down, as a route meets it (raw, unwrapped by any adapter)', () => {
  let app: FastifyInstance;
  const raised: Record<string, () => Error> = {
    'pg-57P03': pgShuttingDown,
    'pg-refused': refused,
    'pg-terminated': () => new Error('Connection terminated unexpectedly'),
    'cassandra-socket': () =>
      Object.assign(new (errors.DriverError as unknown as DriverErrorClass)('Socket was closed'), {
        isSocketError: true,
      }),
    'cassandra-draining': () =>
      new errors.ResponseError(types.responseErrorCodes.overloaded, 'Server is shutting down'),
    'cassandra-no-host': () => new errors.NoHostAvailableError({}),
  };

  beforeAll(async () => {
    app = Fastify({ logger: false });
    registerErrorHandler(app, { statusByCode: { SOLD_OUT: 409 } });
    app.get<{ Params: { kind: string } }>('/fail/:kind', async (request) => {
      throw (raised[request.params.kind] ?? (() => new TypeError('bug')))();
    });
    await app.ready();
  });
  afterAll(() => app.close());

  it.each(Object.keys(raised))('%s answers 503 with Retry-After, never 500', async (kind) => {
    const response = await app.inject({ url: `/fail/${kind}` });
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBe('1');
    expect(response.json()).toEqual({
      error: { code: 'UNAVAILABLE', message: 'a store is unavailable; retry shortly' },
    });
  });

  it('a bug stays 500, and a permanent error caused by an outage stays 4xx', async () => {
    expect((await app.inject({ url: '/fail/bug' })).statusCode).toBe(500);
    expect(toErrorResponse(new PermanentError('REJECTED', 'no', { cause: refused() })).statusCode).toBe(400);
  });

  it('uses the service retryable status', () => {
    expect(toErrorResponse(pgShuttingDown(), { retryableStatus: 502 }).statusCode).toBe(502);
  });
});
