import { type InventoryChanged, parseFlightId } from '@fareflow/shared';

import { RejectedMessageError } from './errors';
import { assertNotInFuture, toEpochMicros } from './event-time';
import type { WritePolicy } from './fare-write';
import type { SeatChange } from './ports';

/** The seats update an inventory change makes; the flight id carries origin, destination and date. */
export function planSeatChange(message: InventoryChanged, policy: WritePolicy): SeatChange {
  const key = parseFlightId(message.flightId);
  if (!key) {
    // The schema checks the pattern already; this keeps the types honest.
    throw new RejectedMessageError('FLIGHT_ID_MISMATCH', 'flightId', `${message.flightId} is not a flight id`);
  }
  assertNotInFuture('changedAt', message.changedAt, policy.nowMs, policy.maxClockSkewMs);
  return {
    region: policy.routing.regionOf(key.origin, 'flightId'),
    flightId: message.flightId,
    cabin: message.cabin,
    origin: key.origin,
    destination: key.destination,
    departureDate: key.departureDate,
    seatsAvailable: message.seatsAvailable,
    writeTimeMicros: toEpochMicros(message.changedAt),
  };
}
