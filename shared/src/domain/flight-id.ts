/**
 * A flight's stable identity: carrier, number, departure date (local), origin, destination.
 * Rendered as `LH400-2026-12-01-FRA-JFK`; the availability API returns it and the order API accepts it.
 */
export interface FlightKey {
  carrier: string;
  flightNumber: string;
  departureDate: string;
  origin: string;
  destination: string;
}

export const FLIGHT_ID_PATTERN = /^([A-Z0-9]{2})(\d{1,4}[A-Z]?)-(\d{4}-\d{2}-\d{2})-([A-Z]{3})-([A-Z]{3})$/;

export function formatFlightId(key: FlightKey): string {
  return `${key.carrier}${key.flightNumber}-${key.departureDate}-${key.origin}-${key.destination}`;
}

export function parseFlightId(flightId: string): FlightKey | undefined {
  const match = FLIGHT_ID_PATTERN.exec(flightId);
  if (!match) {
    return undefined;
  }
  const [, carrier = '', flightNumber = '', departureDate = '', origin = '', destination = ''] = match;
  return { carrier, flightNumber, departureDate, origin, destination };
}
