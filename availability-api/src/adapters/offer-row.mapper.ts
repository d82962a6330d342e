import {
  type Cabin,
  cabin as cabinSchema,
  decodeCheapestOffers,
  decodeFareOfferCell,
  type FareOfferCell,
  toScaled,
} from '@fareflow/shared';
import type { types } from 'cassandra-driver';

import type { Fare } from '../domain/fare';

const CABINS: ReadonlySet<string> = new Set(cabinSchema.options);

/**
 * An `offers_by_origin_day` row (aggregator/cql/002_offers_by_origin_day.cql) -> domain fare, given
 * the origin and day the query asked for; `undefined` when the row has no decodable offer (e.g.
 * seats set before the first observation) or a malformed key. No seats cell means none left.
 */
export function offerRowToFare(row: types.Row, origin: string, departureDate: string): Fare | undefined {
  const { destination, flight_id: flightId, cabin, offer, seats_available: seats } = row as Record<string, unknown>;
  const cell = typeof offer === 'string' ? decodeFareOfferCell(offer) : undefined;
  if (!cell || typeof destination !== 'string' || typeof flightId !== 'string' || typeof cabin !== 'string') {
    return undefined;
  }
  return cellToFare(
    cell,
    { origin, destination, departureDate, flightId, cabin },
    typeof seats === 'number' ? seats : 0,
  );
}

/**
 * A `cheapest_by_origin_day` row (aggregator/cql/003_cheapest_by_origin_day.cql) -> the cheapest
 * bookable fare per currency of its destination; malformed entries are left out.
 */
export function cheapestRowToFares(row: types.Row, origin: string, departureDate: string): Fare[] {
  const { destination, cheapest } = row as Record<string, unknown>;
  if (typeof destination !== 'string' || typeof cheapest !== 'string') {
    return [];
  }
  const fares: Fare[] = [];
  for (const offer of decodeCheapestOffers(cheapest)) {
    const ids = { origin, destination, departureDate, flightId: offer.flightId, cabin: offer.cabin };
    const fare = cellToFare(offer, ids, offer.seatsAvailable);
    if (fare) {
      fares.push(fare);
    }
  }
  return fares;
}

interface FareIds {
  origin: string;
  destination: string;
  departureDate: string;
  flightId: string;
  cabin: string;
}

function cellToFare(cell: FareOfferCell, ids: FareIds, seatsAvailable: number): Fare | undefined {
  const departureUtcMs = Date.parse(cell.departureUtc);
  const arrivalUtcMs = Date.parse(cell.arrivalUtc);
  if (!CABINS.has(ids.cabin) || Number.isNaN(departureUtcMs) || Number.isNaN(arrivalUtcMs)) {
    return undefined;
  }
  return {
    flightId: ids.flightId,
    carrier: cell.carrier,
    flightNumber: cell.flightNumber,
    origin: ids.origin,
    destination: ids.destination,
    departureDate: ids.departureDate,
    cabin: ids.cabin as Cabin,
    fareClass: cell.fareClass,
    departureLocal: cell.departureLocal,
    departureUtcMs,
    arrivalLocal: cell.arrivalLocal,
    arrivalUtcMs,
    durationMinutes: cell.durationMinutes,
    stops: cell.stops,
    price: cell.price,
    priceScaled: toScaled(cell.price),
    currency: cell.currency,
    seatsAvailable,
    observedAtMs: Date.parse(cell.observedAt) || 0,
    ...expiryOf(cell.offerExpiresAt),
  };
}

function expiryOf(offerExpiresAt: string | undefined): { offerExpiresAtMs?: number } {
  const expiresAtMs = offerExpiresAt === undefined ? Number.NaN : Date.parse(offerExpiresAt);
  return Number.isNaN(expiresAtMs) ? {} : { offerExpiresAtMs: expiresAtMs };
}
