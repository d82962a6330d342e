import { RetryableError } from '@fareflow/shared';
import { errors } from 'cassandra-driver';

/**
 * Runs store calls under a deadline and turns "the store is unreachable or overloaded" into
 * RetryableError('STORE_UNAVAILABLE'), which the HTTP edge answers with 503. Anything else (a
 * bad query: our bug) passes through unchanged.
 */
export type StoreGuard = <T>(operation: string, work: () => Promise<T>) => Promise<T>;

// Cassandra protocol error codes that mean "not now" rather than "never".
const TRANSIENT_CODES = new Set([0x1000, 0x1001, 0x1002, 0x1100, 0x1200, 0x1300]);

export function createStoreGuard(region: string, timeoutMs: number): StoreGuard {
  const unavailable = (operation: string, cause: unknown) =>
    new RetryableError('STORE_UNAVAILABLE', `the ${region} fare store is unavailable; retry shortly`, {
      cause: Object.assign(new Error(`${operation} failed`), { cause }),
    });

  return async (operation, work) => {
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(unavailable(operation, new Error(`no answer in ${timeoutMs} ms`))), timeoutMs);
    });
    try {
      return await Promise.race([work(), deadline]);
    } catch (error) {
      throw isTransient(error) ? unavailable(operation, error) : error;
    } finally {
      clearTimeout(timer);
    }
  };
}

function isTransient(error: unknown): boolean {
  if (error instanceof RetryableError) {
    return true;
  }
  if (error instanceof errors.ResponseError) {
    return TRANSIENT_CODES.has(error.code);
  }
  return (
    error instanceof errors.NoHostAvailableError ||
    error instanceof errors.OperationTimedOutError ||
    error instanceof errors.BusyConnectionError ||
    (error instanceof Error && /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|socket|closed/i.test(error.message))
  );
}
