import { z } from 'zod';

import { FLIGHT_ID_PATTERN } from '../domain/flight-id';
import { CURRENCY_PATTERN, DECIMAL_PATTERN } from '../domain/money';

/** Building blocks of the message contracts and HTTP schemas. */
export const iataAirport = z.string().regex(/^[A-Z]{3}$/, 'must be a 3-letter IATA airport code');
export const iataCarrier = z.string().regex(/^[A-Z0-9]{2}$/, 'must be a 2-character IATA airline code');
export const flightNumber = z.string().regex(/^\d{1,4}[A-Z]?$/, 'must be 1-4 digits and an optional suffix letter');
export const flightId = z.string().regex(FLIGHT_ID_PATTERN, 'must look like LH400-2026-12-01-FRA-JFK');
export const decimalAmount = z.string().regex(DECIMAL_PATTERN, 'must be a decimal string such as "129.90"');
export const currencyCode = z.string().regex(CURRENCY_PATTERN, 'must be an ISO 4217 code such as "EUR"');
/** ISO 8601 with an explicit zone (`Z` or `+01:00`). */
export const isoDateTime = z.iso.datetime({ offset: true });
export const isoDate = z.iso.date();
export const cabin = z.enum(['ECONOMY', 'PREMIUM_ECONOMY', 'BUSINESS', 'FIRST']);
export type Cabin = z.infer<typeof cabin>;
