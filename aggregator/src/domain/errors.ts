import { PermanentError } from '@fareflow/shared';

/** Why the aggregator refused a message that passed the schema (goes to the dead-letter queue as its code). */
export type RejectionCode =
  | 'UNKNOWN_AIRPORT'
  | 'MISROUTED'
  | 'REGION_NOT_CONFIGURED'
  | 'FLIGHT_ID_MISMATCH'
  | 'NEGATIVE_PRICE'
  | 'TIME_IN_FUTURE';

/**
 * A message that can never be stored: redelivery cannot help, so the consumer dead-letters it with
 * `code` and the message (which names `field`). Nothing of it is written to either store.
 */
export class RejectedMessageError extends PermanentError<RejectionCode> {
  constructor(
    code: RejectionCode,
    readonly field: string,
    message: string,
  ) {
    super(code, `${field}: ${message}`);
  }
}
