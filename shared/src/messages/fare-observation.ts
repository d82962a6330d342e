import { z } from 'zod';

import {
  cabin,
  currencyCode,
  decimalAmount,
  flightId,
  flightNumber,
  iataAirport,
  iataCarrier,
  isoDateTime,
} from './primitives';

export const segmentSchema = z.object({
  carrier: iataCarrier,
  flightNumber,
  origin: iataAirport,
  destination: iataAirport,
  departureUtc: isoDateTime,
  arrivalUtc: isoDateTime,
});

/** Schema name of a fare observation (the `schema` field); its routing keys add the region (see `routingKeys`). */
export const FARE_OBSERVATION_V1 = 'fare.observation.v1';

/**
 * `fare.observation.v1`: the cheapest fare of one flight and cabin as a scraper saw it.
 * `kind` is `change` when price, seats or availability moved since the last publish, and
 * `heartbeat` when nothing moved but freshness must be known.
 * `observationId` is the idempotency key (source + flight + cabin + observedAt): a replay adds nothing.
 */
export const fareObservationV1 = z.object({
  schema: z.literal(FARE_OBSERVATION_V1),
  observationId: z.string().min(8).max(128),
  kind: z.enum(['change', 'heartbeat']),
  flightId,
  carrier: iataCarrier,
  flightNumber,
  origin: iataAirport,
  destination: iataAirport,
  /** Local wall time at the origin, with its offset: `2026-12-01T10:05:00+01:00`. */
  departureLocal: isoDateTime,
  departureUtc: isoDateTime,
  arrivalLocal: isoDateTime,
  arrivalUtc: isoDateTime,
  durationMinutes: z
    .number()
    .int()
    .positive()
    .max(48 * 60),
  stops: z.number().int().min(0).max(3),
  segments: z.array(segmentSchema).min(1),
  cabin,
  fareClass: z.string().regex(/^[A-Z]$/, 'must be one booking-class letter'),
  price: decimalAmount,
  currency: currencyCode,
  seatsAvailable: z.number().int().min(0).max(1000),
  offerExpiresAt: isoDateTime.optional(),
  observedAt: isoDateTime,
  source: z.string().min(1).max(64),
});
export type FareObservation = z.infer<typeof fareObservationV1>;
