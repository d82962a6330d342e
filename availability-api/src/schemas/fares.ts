import { normalizeAmount } from '@fareflow/shared';
import { z } from 'zod';

import type { Fare, Itinerary } from '../domain/fare';
import { fareSorts } from '../domain/ordering';
import { partyPriceOf } from '../domain/party-price';
import { airportParam, amountParam, cabinParam, checkRoute, dateParam, intParam, moneySchema } from './common';
import { toIsoTime } from './iso-time';

const carrierList = z
  .string()
  .regex(
    /^[A-Z0-9]{2}(,[A-Z0-9]{2}){0,19}$/,
    'must be 1-20 comma-separated 2-character IATA airline codes such as "LH,UA"',
  )
  .transform((list) => [...new Set(list.split(','))].sort())
  .meta({ example: 'AA,UA' });

export const faresQuery = z
  .strictObject({
    origin: airportParam,
    destination: airportParam,
    date: dateParam.describe('local departure day at the origin'),
    cabin: cabinParam.optional().describe('all cabins when absent'),
    carriers: carrierList
      .optional()
      .describe('only results whose every leg is flown by one of these airlines (IATA codes, comma-separated)'),
    excludeCarriers: carrierList
      .optional()
      .describe('only results with no leg flown by any of these airlines (IATA codes, comma-separated)'),
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'must be a 3-letter upper-case ISO 4217 code')
      .optional()
      .describe('only results priced in this currency (no conversion)')
      .meta({ example: 'USD' }),
    maxPrice: amountParam
      .transform(normalizeAmount)
      .optional()
      .describe(
        "highest price per passenger, in each result's own currency (no conversion: add `currency` to compare in one)",
      )
      .meta({ example: '500.00' }),
    passengers: intParam(1, 9, 1).describe(
      'party size, 1-9 (default 1): only results with that many seats on every leg; `totalPrice` = unit x passengers',
    ),
    maxStops: z
      .enum(['0', '1', '2', '3'], 'must be 0, 1, 2 or 3')
      .optional()
      .transform((value) => Number(value ?? '0'))
      .describe('changes allowed, 0-3 (default 0); trips of 2 and 3 stops are a bounded search (see README)'),
    sort: z.enum(fareSorts).default('price').describe('price (default), duration, departure or arrival'),
    limit: intParam(1, 100, 20).describe('page size, 1-100 (default 20)'),
    cursor: z.string().min(1).max(2_048).optional().describe('`nextCursor` of the previous page'),
  })
  .superRefine(checkRoute)
  .superRefine((query, ctx) => {
    // Refinements also run after a field failed (zod 4): a list may still be the raw string then.
    const [included, excluded] = [query.carriers, query.excludeCarriers];
    if (!Array.isArray(included) || !Array.isArray(excluded)) {
      return;
    }
    const both = included.find((code) => excluded.includes(code));
    if (both !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['excludeCarriers'], message: `must not name ${both}, also in carriers` });
    }
  });
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
  price: moneySchema.describe('price per passenger: the sum of the legs, exact (same as unitPrice)'),
  passengers: z.number().int().describe('the party size asked for'),
  unitPrice: moneySchema.describe('price per passenger, exact'),
  totalPrice: moneySchema.describe('unitPrice x passengers, exact'),
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

export function toOffer(itinerary: Itinerary, minted: MintedOffer, passengers: number): z.infer<typeof offerSchema> {
  const legs = itinerary.legs.map(toLeg);
  const { unitPrice, totalPrice } = partyPriceOf(itinerary, passengers);
  const first = legs[0];
  const last = legs[legs.length - 1];
  return {
    offerId: minted.offerId,
    offerExpiresAt: minted.offerExpiresAt,
    flightId: itinerary.id,
    cabin: itinerary.cabin,
    price: { amount: itinerary.price, currency: itinerary.currency },
    passengers,
    unitPrice: { amount: unitPrice, currency: itinerary.currency },
    totalPrice: { amount: totalPrice, currency: itinerary.currency },
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
