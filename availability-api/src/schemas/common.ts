import { cabin, listAirportCodes } from '@fareflow/shared';
import { z } from 'zod';

import { daysBetween, isRealDate } from '../domain/calendar';

// A Set answers the hot path's "is this a known airport?" without building an Airport object.
const knownAirports = new Set(listAirportCodes());

/** Query-string building blocks. Every failure names its parameter (the issue path). */
export const airportParam = z
  .string()
  .regex(/^[A-Z]{3}$/, 'must be a 3-letter upper-case IATA airport code')
  .refine((code) => knownAirports.has(code), 'is not a known airport')
  .meta({ example: 'FRA' });

export const dateParam = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine(isRealDate, 'is not a real calendar date (years 2000-2100)')
  .meta({ example: '2026-12-01' });

/** An integer parameter within bounds, with a default; rejects "1e3", "+5", " 5", "5.0". */
export const intParam = (min: number, max: number, fallback: number) =>
  z
    .string()
    .regex(/^\d{1,6}$/, `must be an integer from ${min} to ${max}`)
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`))
    .optional()
    .transform((value) => value ?? fallback);

export const amountParam = z
  .string()
  .regex(/^\d{1,9}(\.\d{1,6})?$/, 'must be a non-negative decimal such as "250" or "199.90"');

export const cabinParam = cabin;

/** Adds `from <= to` and a maximum window to a query with `from` and `to`. */
export function checkWindow(query: { from: string; to: string }, ctx: z.RefinementCtx, maxDays: number): void {
  const days = daysBetween(query.from, query.to);
  if (days < 0) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'must not be before from' });
  } else if (days + 1 > maxDays) {
    ctx.addIssue({ code: 'custom', path: ['to'], message: `window must be at most ${maxDays} days` });
  }
}

export function checkRoute(query: { origin: string; destination: string }, ctx: z.RefinementCtx): void {
  if (query.origin === query.destination) {
    ctx.addIssue({ code: 'custom', path: ['destination'], message: 'must differ from origin' });
  }
}

/** Money in responses: an exact decimal string and its currency. */
export const moneySchema = z.object({
  amount: z.string().meta({ example: '129.90' }),
  currency: z.string().meta({ example: 'EUR' }),
});

export const errorSchema = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      field: z.string().optional().describe('the parameter that is wrong, when one is'),
    }),
  })
  .meta({ id: 'Error' });

export const errorResponses = {
  400: errorSchema.describe('bad input; `field` names the parameter'),
  401: errorSchema.describe('no, unknown or revoked API key'),
  403: errorSchema.describe('the key lacks the scope'),
  429: errorSchema.describe('rate limit of the key exceeded; see Retry-After'),
  503: errorSchema.describe("the region's store is unavailable; retry shortly"),
};

/** Documented on every route whose origin decides the region. */
export const redirectResponse = {
  307: z
    .object({
      error: z.object({ code: z.literal('WRONG_REGION'), message: z.string(), field: z.string().optional() }),
      region: z.string().describe('the region that serves this origin').meta({ example: 'eu' }),
      baseUrl: z.string().describe("that region's API").meta({ example: 'https://eu.api.fareflow.example' }),
      location: z.string().describe('the same request at that API (also in the `Location` header)'),
    })
    .meta({ id: 'WrongRegion' })
    .describe(
      'the origin belongs to another region: send the request to `location` (clients drop Authorization ' +
        'when they follow a redirect to another host, so route by this body or by GET /v1/regions)',
    ),
};
