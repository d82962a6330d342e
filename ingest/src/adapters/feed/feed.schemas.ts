import { cabin, currencyCode, decimalAmount, iataAirport, iataCarrier, isoDate, isoDateTime } from '@fareflow/shared';
import { z } from 'zod';

/**
 * Fareflow's plain airline JSON feed, version 1: every fare of one carrier for one departure
 * date, served at `GET /feed/v1/fares?carrier=XX&date=YYYY-MM-DD` with a strong `ETag`; a client
 * that sends `If-None-Match` gets `304 Not Modified` while nothing changed.
 *
 * Times carry their offsets, so no time-zone table is needed to read them. A fare with
 * `seatsAvailable: 0` is sold out; a flight missing from the feed is no longer sold.
 */
export const feedFare = z.object({
  cabin,
  fareClass: z.string().regex(/^[A-Z]$/),
  price: decimalAmount,
  currency: currencyCode,
  seatsAvailable: z.number().int().min(0),
  expiresAt: isoDateTime.optional(),
});

export const feedFlight = z.object({
  flightNumber: z.string().regex(/^\d{1,4}[A-Z]?$/),
  origin: iataAirport,
  destination: iataAirport,
  departureLocal: isoDateTime,
  arrivalLocal: isoDateTime,
  fares: z.array(z.unknown()),
});

export const feedDocument = z.object({
  feed: z.literal('fareflow-airline-feed'),
  version: z.literal(1),
  carrier: iataCarrier,
  departureDate: isoDate,
  generatedAt: isoDateTime,
  flights: z.array(z.unknown()),
});
export type FeedDocument = z.infer<typeof feedDocument>;
export type FeedFlight = z.infer<typeof feedFlight>;
export type FeedFare = z.infer<typeof feedFare>;
