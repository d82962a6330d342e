import { PermanentError } from '../errors';

/**
 * An error that already knows its HTTP status: thrown by guards and handlers for 401, 403, 404,
 * 409, 429 and the like. `field` names the offending input when there is one.
 */
export class HttpError<Code extends string = string> extends PermanentError<Code> {
  constructor(
    readonly statusCode: number,
    code: Code,
    message: string,
    readonly field?: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** The one JSON error shape every Fareflow HTTP API answers with. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string };
}
