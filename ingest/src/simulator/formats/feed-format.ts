import { formatLocalIso, formatUtcIso } from '../../domain/zoned-time';
import type { QuotedFare } from './quoted-fare';

/** A Fareflow airline feed v1 document (see adapters/feed/feed.schemas.ts): sold-out fares stay, with 0 seats. */
export function renderFeed(fares: QuotedFare[], carrier: string, departureDate: string, nowMs: number) {
  const flights = new Map<
    string,
    {
      flightNumber: string;
      origin: string;
      destination: string;
      departureLocal: string;
      arrivalLocal: string;
      fares: unknown[];
    }
  >();
  for (const { flight, cabin, quote } of fares) {
    let entry = flights.get(flight.flightId);
    if (!entry) {
      entry = {
        flightNumber: flight.flightNumber,
        origin: flight.route.origin,
        destination: flight.route.destination,
        departureLocal: formatLocalIso(flight.departureEpochMs, flight.route.originZone),
        arrivalLocal: formatLocalIso(flight.arrivalEpochMs, flight.route.destinationZone),
        fares: [],
      };
      flights.set(flight.flightId, entry);
    }
    entry.fares.push({
      cabin,
      fareClass: quote.fareClass,
      price: quote.price,
      currency: quote.currency,
      seatsAvailable: quote.seats,
    });
  }
  return {
    feed: 'fareflow-airline-feed',
    version: 1,
    carrier,
    departureDate,
    generatedAt: formatUtcIso(nowMs),
    flights: [...flights.values()],
  };
}
