import { cabin } from '@fareflow/shared';
import { z } from 'zod';

import type { FareHistoryQuery, FareHistoryResult } from '../use-cases/get-fare-history';
import { airportParam, cabinParam, checkRoute, dateParam } from './common';
import { insightsResponse, toInsightsResponse } from './insights';

export const historyQuery = z
  .strictObject({
    origin: airportParam,
    destination: airportParam,
    date: dateParam.describe('local departure day at the origin'),
    cabin: cabinParam.optional().describe('one cabin; every cabin when absent'),
  })
  .superRefine(checkRoute);
export type HistoryQuery = z.output<typeof historyQuery>;

const amount = z.string().meta({ example: '150.00' }).describe('exact decimal, in the series currency');

const historySeries = z.object({
  cabin,
  currency: z.string().meta({ example: 'USD' }),
  days: z
    .array(
      z.object({
        observedOn: z.string().meta({ example: '2026-10-21' }).describe('UTC day of the observations'),
        low: amount,
        median: amount.describe('median of the flights; the mean of the two middle fares for an even count'),
        high: amount,
        flights: z.number().int().describe('flights with a bookable fare at the end of that day'),
      }),
    )
    .describe('ascending'),
  flights: z
    .array(
      z.object({
        flightId: z.string().meta({ example: 'AA100-2026-12-20-JFK-LAX' }),
        points: z
          .array(z.object({ observedOn: z.string(), price: amount }))
          .describe("the flight's last bookable fare of each day, ascending"),
      }),
    )
    .describe('by flight id'),
});

export const historyResponse = z
  .object({
    origin: z.string(),
    destination: z.string(),
    departureDate: z.string(),
    cabin: cabin.nullable().describe('the cabin asked for; null for every cabin'),
    series: z
      .array(historySeries)
      .describe('one per cabin and currency; empty when nothing of the day is on sale (departed, or never observed)'),
    insight: insightsResponse
      .nullable()
      .describe('exactly what /v1/insights answers for the route and day; null once the day is over'),
  })
  .meta({ id: 'PriceHistory' });
export type HistoryResponse = z.infer<typeof historyResponse>;

export function toHistoryResponse(query: FareHistoryQuery, result: FareHistoryResult): HistoryResponse {
  const { origin, destination, date } = query;
  return {
    origin,
    destination,
    departureDate: date,
    cabin: query.cabin ?? null,
    series: result.series,
    insight: result.insight ? toInsightsResponse({ origin, destination, date }, result.insight) : null,
  };
}
