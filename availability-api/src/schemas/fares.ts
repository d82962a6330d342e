import { z } from 'zod';

import type { Fare, Itinerary } from '../domain/fare';
import { fareSorts } from '../domain/ordering';
import { airportParam, cabinParam, checkRoute, dateParam, intParam, moneySchema } from './common';
import { toIsoTime } from './iso-time';

export const faresQuery = z
  .strictObject({
    origin: airportParam,
    destination: airportParam,
    date: dateParam.describe('local departure day at the origin'),
    cabin: cabinParam.optional().describe('all cabins when absent'),
    maxStops: z
      .enum(['0', '1', '2'], 'must be 0, 1 or 2')
      .optional()
      .transform((value) => Number(value ?? '0'))
      .describe('connections allowed (default 0)'),
    sort: z.enum(fareSorts).default('price'),
    limit: intParam(1, 100, 20).describe('page size, 1-100 (default 20)'),
    cursor: z.string().min(1).max(2_048).optional().describe('`nextCursor` of the previous page'),
  })
  .superRefine(checkRoute);
export type FaresQuery = z.output<typeof faresQuery>;

const legSchema = z.object({
  flightId: z.string().describe('what the order API accepts'),
  carrier: z.string(),
  flightNumber: z.string(),
  origin: z.string(),
  destination: z.string(),
  departureLocal: z.string(),
  departureUtc: z.string(),
  arrivalLocal: z.string(),
  arrivalUtc: z.string(),
  durationMinutes: z.number().int(),
  stops: z.number().int(),
  fareClass: z.string(),
  price: moneySchema,
  seatsAvailable: z.number().int(),
  observedAt: z.string(),
});

const offerSchema = z.object({
  offerId: z
    .string()
    .describe(
      'opaque, signed: pass it to the order API (items[].offerId) to buy these legs at this price until offerExpiresAt',
    ),
  offerExpiresAt: z.string().describe('ISO 8601 UTC; the price is held until then (never past the sales cut-off)'),
  flightId: z
    .string()
    .describe('stable id: the flight id for a direct flight, the legs’ flight ids joined by "+" for a connection'),
  cabin: cabinParam,
  price: moneySchema.describe('sum of the legs, exact'),
  seatsAvailable: z.number().int().describe('fewest seats left on any leg'),
  departureLocal: z.string(),
  departureUtc: z.string(),
  arrivalLocal: z.string(),
  arrivalUtc: z.string(),
  durationMinutes: z.number().int(),
  stops: z.number().int(),
  legs: z.array(legSchema),
});

export const faresResponse = z
  .object({
    region: z.string(),
    results: z.array(offerSchema),
    nextCursor: z.string().nullable().describe('null on the last page'),
  })
  .meta({ id: 'FareSearchResult' });
export type FaresResponse = z.infer<typeof faresResponse>;

export function toLeg(fare: Fare): z.infer<typeof legSchema> {
  return {
    flightId: fare.flightId,
    carrier: fare.carrier,
    flightNumber: fare.flightNumber,
    origin: fare.origin,
    destination: fare.destination,
    departureLocal: fare.departureLocal,
    departureUtc: toIsoTime(fare.departureUtcMs),
    arrivalLocal: fare.arrivalLocal,
    arrivalUtc: toIsoTime(fare.arrivalUtcMs),
    durationMinutes: fare.durationMinutes,
    stops: fare.stops,
    fareClass: fare.fareClass,
    price: { amount: fare.price, currency: fare.currency },
    seatsAvailable: fare.seatsAvailable,
    observedAt: toIsoTime(fare.observedAtMs),
  };
}

/** A signed offer id and its expiry, minted for one search result. */
export interface MintedOffer {
  offerId: string;
  offerExpiresAt: string;
}

export function toOffer(itinerary: Itinerary, minted: MintedOffer): z.infer<typeof offerSchema> {
  const legs = itinerary.legs.map(toLeg);
  const first = legs[0];
  const last = legs[legs.length - 1];
  return {
    offerId: minted.offerId,
    offerExpiresAt: minted.offerExpiresAt,
    flightId: itinerary.id,
    cabin: itinerary.cabin,
    price: { amount: itinerary.price, currency: itinerary.currency },
    seatsAvailable: itinerary.seatsAvailable,
    departureLocal: first?.departureLocal ?? '',
    // The itinerary leaves with its first leg and arrives with its last: their times are formatted already.
    departureUtc: first?.departureUtc ?? toIsoTime(itinerary.departureUtcMs),
    arrivalLocal: last?.arrivalLocal ?? '',
    arrivalUtc: last?.arrivalUtc ?? toIsoTime(itinerary.arrivalUtcMs),
    durationMinutes: itinerary.durationMinutes,
    stops: itinerary.stops,
    legs,
  };
}
