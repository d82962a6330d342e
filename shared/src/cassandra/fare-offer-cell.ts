import { DECIMAL_PATTERN } from '../domain/money';

/**
 * The `offer` cell of `offers_by_origin_day` (aggregator/cql/002_offers_by_origin_day.cql): a
 * current fare without its key columns (origin, departure day, destination, flight id, cabin) and
 * without its seats (a cell of their own). The aggregator writes it, the availability API reads
 * it; this module is the contract between them. Money is an exact decimal string, times are ISO
 * 8601 text.
 */
export interface FareOfferCell {
  carrier: string;
  flightNumber: string;
  fareClass: string;
  departureLocal: string;
  departureUtc: string;
  arrivalLocal: string;
  arrivalUtc: string;
  durationMinutes: number;
  stops: number;
  price: string;
  currency: string;
  observedAt: string;
  offerExpiresAt?: string;
}

/** Fixed field order, so equal offers are equal text. */
export function encodeFareOfferCell(cell: FareOfferCell): string {
  return JSON.stringify({
    carrier: cell.carrier,
    flightNumber: cell.flightNumber,
    fareClass: cell.fareClass,
    departureLocal: cell.departureLocal,
    departureUtc: cell.departureUtc,
    arrivalLocal: cell.arrivalLocal,
    arrivalUtc: cell.arrivalUtc,
    durationMinutes: cell.durationMinutes,
    stops: cell.stops,
    price: cell.price,
    currency: cell.currency,
    observedAt: cell.observedAt,
    ...(cell.offerExpiresAt === undefined ? {} : { offerExpiresAt: cell.offerExpiresAt }),
  });
}

const TEXT_FIELDS = [
  'carrier',
  'flightNumber',
  'fareClass',
  'departureLocal',
  'departureUtc',
  'arrivalLocal',
  'arrivalUtc',
  'currency',
  'observedAt',
] as const;

/**
 * The cell, or `undefined` when the text is not a complete offer with a non-negative decimal price
 * (readers skip such entries rather than fail the whole read).
 */
export function decodeFareOfferCell(text: string): FareOfferCell | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  return isFareOfferCell(value) ? value : undefined;
}

/** Checks types only: the aggregator validated the message before writing it. */
export function isFareOfferCell(value: unknown): value is FareOfferCell {
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const cell = value as Record<string, unknown>;
  for (const field of TEXT_FIELDS) {
    if (typeof cell[field] !== 'string') {
      return false;
    }
  }
  const { price, durationMinutes, stops, offerExpiresAt } = cell;
  const isPriceValid = typeof price === 'string' && DECIMAL_PATTERN.test(price) && !price.startsWith('-');
  const areNumbersValid = Number.isInteger(durationMinutes) && Number.isInteger(stops);
  return isPriceValid && areNumbersValid && (offerExpiresAt === undefined || typeof offerExpiresAt === 'string');
}
