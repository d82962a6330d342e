/**
 * Base class of every error Fareflow raises on purpose. `code` is a stable, machine-readable
 * identifier; `cause` keeps the original throwable for logs.
 */
export abstract class AppError<Code extends string = string> extends Error {
  abstract readonly isRetryable: boolean;

  constructor(
    readonly code: Code,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/**
 * Will never succeed on retry: invalid input, a 4xx from an upstream, an unknown entity.
 * Consumers dead-letter these at once; HTTP maps them to 4xx.
 */
export class PermanentError<Code extends string = string> extends AppError<Code> {
  readonly isRetryable = false;
}

/** May succeed later: network failures, timeouts, 5xx, lock timeouts, a store that is down. */
export class RetryableError<Code extends string = string> extends AppError<Code> {
  readonly isRetryable = true;
}

/** Input that failed validation at an edge. `field` names what is wrong (a dotted path). */
export class ValidationError extends PermanentError<'VALIDATION'> {
  constructor(
    readonly field: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super('VALIDATION', message, options);
  }
}

/** Wraps any throwable in an Error exactly once, keeping the original as `cause`. */
export function coerceError(value: unknown): Error {
  if (value instanceof Error) {
    return value;
  }
  return new Error(typeof value === 'string' ? value : JSON.stringify(value), { cause: value });
}

/**
 * Unknown errors count as retryable: a bug that throws every time ends in the dead-letter
 * queue through the bounded redelivery, while a transient failure we did not classify is not lost.
 */
export function isRetryable(error: unknown): boolean {
  return error instanceof AppError ? error.isRetryable : true;
}
