import { randomUUID } from 'node:crypto';

import { type FareObservation, formatFlightId, type InventoryChanged } from '@fareflow/shared';

export interface FlightSpec {
  carrier?: string;
  flightNumber?: string;
  departureDate?: string;
  origin?: string;
  destination?: string;
}

/** The local day `days` after today (UTC): fixtures depart in the future, so they are still on sale and stored. */
export function futureDate(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** A valid `fare.observation.v1` whose flight id agrees with its fields; override what a test varies. */
export function makeFareObservation(
  flight: FlightSpec = {},
  overrides: Partial<FareObservation> = {},
): FareObservation {
  const key = {
    carrier: flight.carrier ?? 'LH',
    flightNumber: flight.flightNumber ?? '400',
    departureDate: flight.departureDate ?? futureDate(30),
    origin: flight.origin ?? 'FRA',
    destination: flight.destination ?? 'JFK',
  };
  const departureUtc = `${key.departureDate}T09:05:00Z`;
  const arrivalUtc = `${key.departureDate}T17:55:00Z`;
  return {
    schema: 'fare.observation.v1',
    observationId: `obs-${randomUUID()}`,
    kind: 'change',
    flightId: formatFlightId(key),
    carrier: key.carrier,
    flightNumber: key.flightNumber,
    origin: key.origin,
    destination: key.destination,
    departureLocal: `${key.departureDate}T10:05:00+01:00`,
    departureUtc,
    arrivalLocal: `${key.departureDate}T12:55:00-05:00`,
    arrivalUtc,
    durationMinutes: 530,
    stops: 0,
    segments: [
      {
        carrier: key.carrier,
        flightNumber: key.flightNumber,
        origin: key.origin,
        destination: key.destination,
        departureUtc,
        arrivalUtc,
      },
    ],
    cabin: 'ECONOMY',
    fareClass: 'K',
    price: '129.90',
    currency: 'EUR',
    seatsAvailable: 9,
    observedAt: new Date().toISOString(),
    source: 'test',
    ...overrides,
  };
}

export function makeInventoryChanged(flightId: string, overrides: Partial<InventoryChanged> = {}): InventoryChanged {
  return {
    schema: 'inventory.changed.v1',
    eventId: `evt-${randomUUID()}`,
    flightId,
    cabin: 'ECONOMY',
    seatsAvailable: 5,
    changedAt: new Date().toISOString(),
    ...overrides,
  };
}
