import {
  type AirlineBookingClient,
  AppError,
  isRetryable,
  type Logger,
  multiplyAmount,
  type PreorderRequested,
  type RegionOfFlight,
  withTransaction,
} from '@fareflow/shared';
import type { Pool } from 'pg';

import { addAllotmentSeats, findInventory, recordInventoryEvents } from '../adapters/inventory.repository';
import { claimPreorder, markPreorderBought, markPreorderDeclined } from '../adapters/preorder.repository';
import { inventoryKey } from '../domain/order';
import { isToBuy } from '../domain/preorder';
import { salesStateOf } from '../domain/seat-allocation';

export interface PreorderDeps {
  pool: Pool;
  airline: AirlineBookingClient;
  logger: Logger;
  /** Region of a flight, for the routing key of its inventory events. */
  regionOfFlight: RegionOfFlight;
  /** Seats of a flight inside the sales cut-off could not be sold again: such a request is declined. */
  salesCutoffMs: number;
  now?: () => Date;
}

export type PreorderOutcome = 'bought' | 'declined' | 'duplicate';

/**
 * Buys the allotment a pre-order request asks for and adds its seats to inventory. Idempotent per
 * request key: a finished request is not bought again, and an interrupted one is retried with the
 * same airline idempotency key (the airline returns the first booking). The airline refusing (price
 * above the maximum, sold out), an expired request or a flight we can no longer sell (departed, or
 * inside the sales cut-off) is recorded as declined; an airline that is down throws a retryable
 * error (the message is redelivered).
 */
export async function handlePreorder(deps: PreorderDeps, request: PreorderRequested): Promise<PreorderOutcome> {
  if (!isToBuy(await claimPreorder(deps.pool, request))) {
    return 'duplicate';
  }
  const now = deps.now?.() ?? new Date();
  if (new Date(request.expiresAt).getTime() <= now.getTime()) {
    await markPreorderDeclined(deps.pool, request.idempotencyKey, 'EXPIRED', `request expired at ${request.expiresAt}`);
    return 'declined';
  }
  const row = (await findInventory(deps.pool, [request])).get(inventoryKey(request.flightId, request.cabin));
  const sales = salesStateOf(
    { flightId: request.flightId, departureUtcMs: row?.departureUtcMs },
    { nowMs: now.getTime(), cutoffMs: deps.salesCutoffMs },
  );
  if (sales !== 'open') {
    const code = sales === 'departed' ? 'DEPARTED' : 'SALES_CLOSED';
    await markPreorderDeclined(deps.pool, request.idempotencyKey, code, `${request.flightId} can no longer be sold`);
    return 'declined';
  }
  let booking;
  try {
    booking = await deps.airline.createOrder({
      offerOrFlightId: request.flightId,
      seats: request.seats,
      maxPrice: multiplyAmount(request.maxPrice, request.seats),
      currency: request.currency,
      idempotencyKey: request.idempotencyKey,
    });
  } catch (error) {
    if (isRetryable(error)) {
      throw error;
    }
    const code = error instanceof AppError ? error.code : 'AIRLINE_REJECTED';
    const reason = error instanceof Error ? error.message : String(error);
    await markPreorderDeclined(deps.pool, request.idempotencyKey, code, reason);
    deps.logger.info({ key: request.idempotencyKey, code }, 'pre-order declined');
    return 'declined';
  }
  const isNew = await withTransaction(deps.pool, async (tx) => {
    const claimed = await markPreorderBought(tx, request.idempotencyKey, {
      airlineOrderId: booking.airlineOrderId,
      totalCost: booking.totalAmount,
      currency: booking.currency,
    });
    if (claimed) {
      await addAllotmentSeats(tx, request.flightId, request.cabin, request.seats);
      await recordInventoryEvents(tx, [{ flightId: request.flightId, cabin: request.cabin }], deps.regionOfFlight);
    }
    return claimed;
  });
  return isNew ? 'bought' : 'duplicate';
}
