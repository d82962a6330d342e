import { z } from 'zod';

import { airportParam, cabinParam, checkRoute, dateParam } from './common';

export const streamQuery = z
  .strictObject({
    origin: airportParam,
    destination: airportParam,
    date: dateParam,
    cabin: cabinParam.optional(),
  })
  .superRefine(checkRoute);
export type StreamQuery = z.output<typeof streamQuery>;
