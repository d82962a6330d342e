import { randomBytes } from 'node:crypto';

import {
  compareAmounts,
  type DuffelCreateOrderRequest,
  duffelOrderErrorCodes,
  type DuffelOrderResponse,
  multiplyAmount,
} from '@fareflow/shared';

import type { Clock } from '../../domain/clock';
import { formatLocalIso, formatUtcIso } from '../../domain/zoned-time';
import type { Inventory } from './inventory';
import { decodeOfferId } from './offer-ids';
import type { Schedule } from './schedule';

export type OrderOutcome =
  | { ok: true; status: 201; order: DuffelOrderResponse }
  | { ok: false; status: 404 | 422; code: string; message: string };

export interface OrderBookOptions {
  schedule: Schedule;
  inventory: Inventory;
  clock: Clock;
}

/**
 * The booking side of the simulated airline (`POST /air/orders`, Duffel shape). The payment
 * amount is the buyer's ceiling: the airline refuses with `price_changed` rather than charge more.
 * The same Idempotency-Key always returns the first order and never takes seats twice.
 */
export interface OrderBook {
  createOrder(request: DuffelCreateOrderRequest, idempotencyKey: string | undefined): OrderOutcome;
  orderCount(): number;
}

export function createOrderBook({ schedule, inventory, clock }: OrderBookOptions): OrderBook {
  const byKey = new Map<string, OrderOutcome>();
  let orders = 0;

  function book(request: DuffelCreateOrderRequest): OrderOutcome {
    const offerId = request.data.selected_offers[0] ?? '';
    const decoded = decodeOfferId(offerId);
    const flight = decoded ? schedule.findFlight(decoded.flightId) : undefined;
    if (!decoded || !flight) {
      return { ok: false, status: 404, code: duffelOrderErrorCodes.notFound, message: `no offer ${offerId}` };
    }
    const seats = request.data.passengers.length;
    const quote = inventory.quote(flight, decoded.cabin);
    if (flight.departureEpochMs <= clock.now() || quote.seats < seats) {
      const message = `${flight.flightId} ${decoded.cabin} has ${quote.seats} seats left, ${seats} requested`;
      return { ok: false, status: 422, code: duffelOrderErrorCodes.offerNoLongerAvailable, message };
    }
    const total = multiplyAmount(quote.price, seats);
    const payment = request.data.payments?.[0];
    if (payment && (payment.currency !== quote.currency || compareAmounts(total, payment.amount) > 0)) {
      const message = `the offer now costs ${total} ${quote.currency} for ${seats} seats; payment was ${payment.amount} ${payment.currency}`;
      return { ok: false, status: 422, code: duffelOrderErrorCodes.priceChanged, message };
    }
    inventory.takeSeats(flight, decoded.cabin, seats);
    orders += 1;
    const now = formatUtcIso(clock.now());
    const order: DuffelOrderResponse = {
      data: {
        id: `ord_${randomBytes(10).toString('hex')}`,
        booking_reference: randomBytes(4).toString('hex').slice(0, 6).toUpperCase(),
        created_at: now,
        total_amount: total,
        total_currency: quote.currency,
        live_mode: false,
        owner: { iata_code: flight.route.carrier, name: schedule.profileOf(flight.route.carrier)?.name },
        passengers: request.data.passengers.map(({ id, given_name, family_name }) => ({ id, given_name, family_name })),
        slices: [
          {
            segments: [
              {
                id: `seg_${flight.flightId}`,
                origin: { iata_code: flight.route.origin },
                destination: { iata_code: flight.route.destination },
                departing_at: `${flight.departureDate}T${flight.departureTime}:00`,
                arriving_at: formatLocalIso(flight.arrivalEpochMs, flight.route.destinationZone).slice(0, 19),
                marketing_carrier: { iata_code: flight.route.carrier },
                marketing_carrier_flight_number: flight.flightNumber,
              },
            ],
          },
        ],
        payment_status: { awaiting_payment: false, payment_required_by: null, price_guarantee_expires_at: null },
        metadata: request.data.metadata ?? null,
      },
    };
    return { ok: true, status: 201, order };
  }

  return {
    createOrder(request, idempotencyKey) {
      const previous = idempotencyKey ? byKey.get(idempotencyKey) : undefined;
      if (previous) {
        return previous;
      }
      const outcome = book(request);
      // Only successes are remembered: a refused order may be retried once the buyer pays more.
      if (idempotencyKey && outcome.ok) {
        byKey.set(idempotencyKey, outcome);
      }
      return outcome;
    },
    orderCount: () => orders,
  };
}
