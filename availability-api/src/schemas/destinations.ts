import { z } from 'zod';

import type { Fare } from '../domain/fare';
import { airportParam, amountParam, checkWindow, dateParam, intParam, moneySchema } from './common';

export const MAX_DESTINATION_WINDOW_DAYS = 31;

export const destinationsQuery = z
  .strictObject({
    origin: airportParam,
    from: dateParam.describe('first departure day'),
    to: dateParam.describe(`last departure day (window at most ${MAX_DESTINATION_WINDOW_DAYS} days)`),
    maxPrice: amountParam.optional().describe('only fares at or below this amount'),
    limit: intParam(1, 200, 50).describe('1-200 (default 50)'),
  })
  .superRefine((query, ctx) => checkWindow(query, ctx, MAX_DESTINATION_WINDOW_DAYS));
export type DestinationsQuery = z.output<typeof destinationsQuery>;

const cheapestFareSchema = z.object({
  price: moneySchema,
  flightId: z.string(),
  cabin: z.string(),
  departureDate: z.string(),
  departureLocal: z.string(),
  seatsAvailable: z.number().int(),
});

export const destinationsResponse = z
  .object({
    origin: z.string(),
    from: z.string(),
    to: z.string(),
    destinations: z.array(z.object({ destination: z.string() }).extend(cheapestFareSchema.shape)),
  })
  .meta({ id: 'Destinations' });
export type DestinationsResponse = z.infer<typeof destinationsResponse>;

export function toCheapestFare(fare: Fare): z.infer<typeof cheapestFareSchema> {
  return {
    price: { amount: fare.price, currency: fare.currency },
    flightId: fare.flightId,
    cabin: fare.cabin,
    departureDate: fare.departureDate,
    departureLocal: fare.departureLocal,
    seatsAvailable: fare.seatsAvailable,
  };
}
