import { z } from 'zod';

import { airportParam, checkRoute, checkWindow, dateParam, moneySchema } from './common';

export const MAX_DATES_WINDOW_DAYS = 92;

export const datesQuery = z
  .strictObject({
    origin: airportParam,
    destination: airportParam,
    from: dateParam,
    to: dateParam.describe(`window at most ${MAX_DATES_WINDOW_DAYS} days`),
  })
  .superRefine((query, ctx) => {
    checkRoute(query, ctx);
    checkWindow(query, ctx, MAX_DATES_WINDOW_DAYS);
  });
export type DatesQuery = z.output<typeof datesQuery>;

export const datesResponse = z
  .object({
    origin: z.string(),
    destination: z.string(),
    days: z.array(
      z.object({
        date: z.string(),
        price: moneySchema,
        flightId: z.string(),
        cabin: z.string(),
        departureLocal: z.string(),
        seatsAvailable: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'CheapestDates' });
export type DatesResponse = z.infer<typeof datesResponse>;
