import { AppError } from './app-error';

/** Socket-level failures: the peer is down, restarting or unreachable. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);
/** PostgreSQL SQLSTATEs of a server that is shutting down, starting up or out of connections. */
const POSTGRES_STATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** cassandra-driver errors raised when no replica of the datacenter answers. */
const CASSANDRA_ERRORS = new Set(['NoHostAvailableError', 'OperationTimedOutError', 'BusyConnectionError']);
/** Cassandra's own "not enough replicas alive" and write/read timeout responses. */
const CASSANDRA_RESPONSE_CODES = new Set([0x1000, 0x1100, 0x1200]);
const CONNECTION_MESSAGES =
  /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/;

/** A RetryableError whose code says a dependency is down (rather than this piece of work failing). */
export const UNAVAILABLE = 'UNAVAILABLE';

/**
 * Whether `error` (or an error in its `cause` chain) means a store or peer is unavailable, as
 * opposed to this piece of work being bad. Work that fails this way should wait for the
 * dependency rather than count as a failed attempt: it will succeed, unchanged, once it is back.
 */
export function isOutage(error: unknown): boolean {
  for (let current = error, depth = 0; current instanceof Error && depth < 8; depth += 1) {
    if (current instanceof AppError) {
      // A permanent error stays permanent, whatever caused it.
      return current.isRetryable && (current.code === UNAVAILABLE || isOutage(current.cause));
    }
    const { code } = current as { code?: unknown };
    if (
      (typeof code === 'string' && (NETWORK_CODES.has(code) || POSTGRES_STATES.has(code) || code.startsWith('08'))) ||
      CASSANDRA_ERRORS.has(current.name) ||
      (current.name === 'ResponseError' && typeof code === 'number' && CASSANDRA_RESPONSE_CODES.has(code)) ||
      CONNECTION_MESSAGES.test(current.message)
    ) {
      return true;
    }
    current = current.cause;
  }
  return false;
}
