import { findAirport } from '@fareflow/shared';

import { formatUtcIso } from '../../domain/zoned-time';
import { encodeOfferId } from '../domain/offer-ids';
import type { QuotedFare } from './quoted-fare';
import { isoDuration, splitPrice, wallTime } from './quoted-fare';

const OFFER_LIFETIME_MS = 30 * 60_000;

function place(iata: string, timeZone: string) {
  const airport = findAirport(iata);
  return {
    type: 'airport',
    iata_code: iata,
    name: airport?.name ?? iata,
    city_name: airport?.city ?? iata,
    time_zone: timeZone,
  };
}

/** A Duffel offer request reply: one offer per bookable flight and cabin, for one adult. */
export function renderDuffelOfferRequest(
  fares: QuotedFare[],
  request: { id: string; nowMs: number; slices: unknown; carrierNames: Map<string, string> },
) {
  const created = formatUtcIso(request.nowMs);
  const offers = fares
    .filter(({ quote }) => quote.seats > 0)
    .map(({ flight, cabin, quote }) => {
      const { route } = flight;
      const { base, tax } = splitPrice(quote.price);
      const owner = {
        id: `aln_${route.carrier}`,
        iata_code: route.carrier,
        name: request.carrierNames.get(route.carrier) ?? route.carrier,
      };
      const duration = isoDuration(route.durationMinutes);
      return {
        id: encodeOfferId(flight.flightId, cabin),
        live_mode: false,
        created_at: created,
        updated_at: created,
        expires_at: formatUtcIso(request.nowMs + OFFER_LIFETIME_MS),
        total_amount: quote.price,
        total_currency: quote.currency,
        base_amount: base,
        base_currency: quote.currency,
        tax_amount: tax,
        tax_currency: quote.currency,
        owner,
        partial: false,
        passengers: [{ id: 'pas_0001', type: 'adult' }],
        payment_requirements: {
          requires_instant_payment: true,
          payment_required_by: null,
          price_guarantee_expires_at: null,
        },
        slices: [
          {
            id: `sli_${flight.flightId}`,
            origin: place(route.origin, route.originZone),
            destination: place(route.destination, route.destinationZone),
            duration,
            segments: [
              {
                id: `seg_${flight.flightId}`,
                origin: place(route.origin, route.originZone),
                destination: place(route.destination, route.destinationZone),
                departing_at: wallTime(flight.departureEpochMs, route.originZone),
                arriving_at: wallTime(flight.arrivalEpochMs, route.destinationZone),
                duration,
                marketing_carrier: owner,
                marketing_carrier_flight_number: flight.flightNumber,
                operating_carrier: owner,
                operating_carrier_flight_number: flight.flightNumber,
                stops: [],
                passengers: [
                  {
                    passenger_id: 'pas_0001',
                    cabin_class: cabin.toLowerCase(),
                    cabin_class_marketing_name: cabin.toLowerCase(),
                    fare_basis_code: `${quote.fareClass}${cabin.slice(0, 2)}SIM`,
                  },
                ],
              },
            ],
          },
        ],
      };
    });
  return {
    data: {
      id: request.id,
      live_mode: false,
      created_at: created,
      slices: request.slices,
      passengers: [{ id: 'pas_0001', type: 'adult' }],
      offers,
    },
  };
}

export function duffelError(status: number, type: string, code: string, message: string) {
  return {
    errors: [{ type, code, title: code, message }],
    meta: { status, request_id: `req_${Date.now().toString(36)}` },
  };
}
