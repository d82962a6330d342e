import { z } from 'zod';

import type { InsightResult } from '../use-cases/get-insights';
import { airportParam, checkRoute, dateParam, moneySchema } from './common';

export const insightsQuery = z
  .strictObject({ origin: airportParam, destination: airportParam, date: dateParam })
  .superRefine(checkRoute);
export type InsightsQuery = z.output<typeof insightsQuery>;

export const NO_FORECAST = 'no forecast yet';

export const insightsResponse = z
  .object({
    origin: z.string(),
    destination: z.string(),
    date: z.string(),
    band: z
      .object({
        currency: z.string(),
        min: z.string(),
        q1: z.string(),
        median: z.string(),
        q3: z.string(),
        max: z.string(),
        samples: z.number().int(),
      })
      .nullable()
      .describe('price band from history; null when there is none yet'),
    currentFare: z
      .object({
        price: moneySchema,
        flightId: z.string(),
        cabin: z.string(),
        label: z.enum(['low', 'typical', 'high']).nullable().describe('where the fare sits in the band'),
      })
      .nullable(),
    forecast: z
      .object({
        expectedLowestPrice: moneySchema.nullable(),
        expectedLowestDate: z.string().nullable(),
        riseProbability7d: z.number().nullable(),
        advice: z.string().nullable().describe('buy or wait'),
        confidence: z.number().nullable(),
        modelVersion: z.string().nullable(),
        computedAt: z.string().nullable(),
      })
      .nullable(),
    message: z.string().nullable().describe(`"${NO_FORECAST}" when the predictor has no forecast for the day`),
  })
  .meta({ id: 'PriceInsights' });
export type InsightsResponse = z.infer<typeof insightsResponse>;

export function toInsightsResponse(query: InsightsQuery, result: InsightResult): InsightsResponse {
  const { insight, currentFare, label } = result;
  const forecast = insight?.forecast;
  const currency = insight?.currency ?? '';
  return {
    ...query,
    band: insight?.band ? { currency, ...insight.band } : null,
    currentFare: currentFare
      ? {
          price: { amount: currentFare.price, currency: currentFare.currency },
          flightId: currentFare.flightId,
          cabin: currentFare.cabin,
          label: label ?? null,
        }
      : null,
    forecast: forecast
      ? {
          expectedLowestPrice:
            forecast.expectedLowestPrice === undefined ? null : { amount: forecast.expectedLowestPrice, currency },
          expectedLowestDate: forecast.expectedLowestDate ?? null,
          riseProbability7d: forecast.riseProbability7d ?? null,
          advice: forecast.advice ?? null,
          confidence: forecast.adviceConfidence ?? null,
          modelVersion: forecast.modelVersion ?? null,
          computedAt: insight?.computedAtMs === undefined ? null : new Date(insight.computedAtMs).toISOString(),
        }
      : null,
    message: forecast ? null : NO_FORECAST,
  };
}
