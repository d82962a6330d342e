import { createConnection } from 'node:net';

import { errors, types } from 'cassandra-driver';
import { DatabaseError } from 'pg';

import { isOutage, PermanentError, RetryableError } from '../../src';

// Abstract in the typings, but the driver itself instantiates it (lib/connection.js).
type DriverErrorClass = new (message: string) => Error;

/** The errors each library raises when its store goes away, built as the library builds them. */
const socketClosed = () => {
  // cassandra-driver lib/connection.js clearAndInvokePending(): the first error of a stopping node.
  const error = new (errors.DriverError as unknown as DriverErrorClass)('Socket was closed');
  return Object.assign(error, { isSocketError: true });
};
const pgError = (message: string, code: string) => {
  // pg-protocol's parser builds the error, then copies the fields of the server's ErrorResponse.
  const error = new DatabaseError(message, 100, 'error');
  error.code = code;
  error.severity = 'FATAL';
  return error;
};

/** A real refused connection (nothing listens on port 1). */
function refusedConnection(): Promise<Error> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port: 1 });
    socket.on('error', resolve);
  });
}

describe('isOutage on the errors the stores raise while going down', () => {
  it.each([
    ['cassandra: Socket was closed', socketClosed()],
    [
      'cassandra: Server is shutting down (a draining node answers overloaded)',
      new errors.ResponseError(types.responseErrorCodes.overloaded, 'Server is shutting down'),
    ],
    [
      'cassandra: bootstrapping',
      new errors.ResponseError(types.responseErrorCodes.isBootstrapping, 'Cannot read from a bootstrapping node'),
    ],
    [
      'cassandra: OperationTimedOut',
      new errors.OperationTimedOutError(
        'The host 127.0.0.2:9042 did not reply before timeout 2000 ms',
        '127.0.0.2:9042',
      ),
    ],
    ['cassandra: NoHostAvailable', new errors.NoHostAvailableError({ '127.0.0.2:9042': socketClosed() })],
    ['cassandra: BusyConnection', new errors.BusyConnectionError('127.0.0.2:9042', 2048, 2)],
    ['postgres 57P01 admin shutdown', pgError('terminating connection due to administrator command', '57P01')],
    [
      'postgres 57P02 crash shutdown',
      pgError('terminating connection due to crash of another server process', '57P02'),
    ],
    ['postgres 57P03 cannot connect now', pgError('the database system is shutting down', '57P03')],
    ['postgres 57P03 starting up', pgError('the database system is starting up', '57P03')],
    ['postgres class 08', pgError('could not receive data from client', '08006')],
    ['pg: Connection terminated unexpectedly', new Error('Connection terminated unexpectedly')],
    [
      'pg-pool: connection timeout',
      new Error('Connection terminated due to connection timeout', { cause: new Error('Connection terminated') }),
    ],
    ['pg: not queryable', new Error('Client has encountered a connection error and is not queryable')],
    [
      'wrapped twice by adapters',
      new RetryableError('CASSANDRA_WRITE_FAILED', 'cassandra eu: Socket was closed', {
        cause: new Error('write failed', { cause: socketClosed() }),
      }),
    ],
    [
      'node connect() to several addresses',
      new AggregateError([Object.assign(new Error('connect ECONNREFUSED ::1:5432'), { code: 'ECONNREFUSED' })]),
    ],
  ])('%s', (_name, error) => {
    expect(isOutage(error)).toBe(true);
  });

  it.each(['ECONNRESET', 'EPIPE', 'ETIMEDOUT'])('%s', (code) => {
    expect(isOutage(Object.assign(new Error(`write ${code}`), { code, errno: -1, syscall: 'write' }))).toBe(true);
  });

  it('a real refused socket', async () => {
    const error = await refusedConnection();
    expect((error as { code?: string }).code).toBe('ECONNREFUSED');
    expect(isOutage(error)).toBe(true);
  });

  it.each([
    ['cassandra: a query we got wrong', new errors.ResponseError(types.responseErrorCodes.syntaxError, 'line 1:0')],
    ['cassandra: the NODEJS-681 TypeError', new TypeError("Cannot read properties of null (reading 'endpoint')")],
    ['cassandra: a driver bug', new errors.DriverInternalError('Information from system.local could not be retrieved')],
    ['postgres: unique violation', pgError('duplicate key value violates unique constraint', '23505')],
    ['postgres: serialization failure (the work retries, the store is up)', pgError('could not serialize', '40001')],
    ['a permanent error caused by an outage', new PermanentError('REJECTED', 'no', { cause: socketClosed() })],
    ['a message merely mentioning a socket', new Error('Socket was closed by the user, then reopened')],
  ])('not: %s', (_name, error) => {
    expect(isOutage(error)).toBe(false);
  });
});
