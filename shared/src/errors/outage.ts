import { types } from 'node:util';

import { AppError } from './app-error';

/** Socket-level failures: the peer is down, restarting or unreachable. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
/**
 * PostgreSQL SQLSTATEs of a server that is shutting down (57P01 admin, 57P02 crash, 57P03 cannot
 * connect now: starting or stopping) or out of connections; class 08 (connection exceptions) is
 * matched by prefix.
 */
const POSTGRES_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** cassandra-driver errors raised when no replica of the datacenter answers. */
const CASSANDRA_ERRORS = new Set(['NoHostAvailableError', 'OperationTimedOutError', 'BusyConnectionError']);
/**
 * Cassandra's own "not now" responses: unavailable replicas (0x1000), overloaded (0x1001: also what
 * a draining node answers in-flight requests with, "Server is shutting down"), bootstrapping
 * (0x1002), write and read timeouts (0x1100, 0x1200).
 */
const CASSANDRA_RESPONSE_CODES = new Set([0x1000, 0x1001, 0x1002, 0x1100, 0x1200]);
/**
 * pg's and pg-pool's messages for a connection that is gone or cannot be had, and the
 * cassandra-driver's "Socket was closed" (a DriverError marked `isSocketError`, seen first when a
 * node stops, before the driver knows the host is down).
 */
const CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|is not queryable|^Socket was closed$/;

/** A RetryableError whose code says a dependency is down (rather than this piece of work failing). */
export const UNAVAILABLE = 'UNAVAILABLE';

/**
 * Whether `error` (or an error in its `cause` chain) means a store or peer is unavailable, as
 * opposed to this piece of work being bad. Work that fails this way should wait for the
 * dependency rather than count as a failed attempt: it will succeed, unchanged, once it is back.
 */
export function isOutage(error: unknown): boolean {
  for (let current = error, depth = 0; isError(current) && depth < 8; depth += 1) {
    if (current instanceof AppError) {
      // A permanent error stays permanent, whatever caused it.
      return current.isRetryable && (current.code === UNAVAILABLE || isOutage(current.cause));
    }
    if (isStoreDown(current)) {
      return true;
    }
    // Node's connect() with several addresses (e.g. localhost: ::1 and 127.0.0.1) fails with all of them.
    const { errors } = current as { errors?: unknown };
    if (current.name === 'AggregateError' && Array.isArray(errors) && errors.some((inner) => isOutage(inner))) {
      return true;
    }
    current = current.cause;
  }
  return false;
}

/** `instanceof Error` misses errors of another realm (Node's own socket errors under jest's VM, say). */
function isError(value: unknown): value is Error {
  return value instanceof Error || types.isNativeError(value);
}

function isStoreDown(error: Error): boolean {
  const { code, isSocketError } = error as { code?: unknown; isSocketError?: unknown };
  return (
    (typeof code === 'string' &&
      (NETWORK_CODES.has(code) || POSTGRES_STATES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) ||
    CASSANDRA_ERRORS.has(error.name) ||
    (error.name === 'ResponseError' && typeof code === 'number' && CASSANDRA_RESPONSE_CODES.has(code)) ||
    isSocketError === true ||
    CONNECTION_MESSAGES.test(error.message)
  );
}
