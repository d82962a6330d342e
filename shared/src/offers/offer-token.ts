import { createHmac, timingSafeEqual } from 'node:crypto';

import { z } from 'zod';

import { CURRENCY_PATTERN, DECIMAL_PATTERN } from '../domain/money';
import { PermanentError } from '../errors';
import { type Cabin, cabin } from '../messages/primitives';

/** One flight of an offer, at the unit price shown for it. */
export interface OfferLeg {
  flightId: string;
  /** Per seat, exact decimal string in the offer's currency. */
  unitPrice: string;
  /** When the fare this price comes from was observed at the airline (ISO 8601 UTC). */
  observedAt: string;
}

/**
 * What a traveller was shown and may buy: the legs of a direct flight or a connection, in one cabin
 * and currency, at these prices, until `expiresAt`. The availability API mints it; the order
 * service honours it. Out of scope: seats (an offer promises a price, not a seat).
 */
export interface Offer {
  legs: OfferLeg[];
  cabin: Cabin;
  currency: string;
  /** ISO 8601 UTC; never later than the airline's own offer expiry or the sales cut-off. */
  expiresAt: string;
}

export type OfferErrorCode = 'OFFER_INVALID' | 'OFFER_EXPIRED';

/** An offer id that is not ours (forged, edited, truncated) or no longer valid; names the request field. */
export class OfferError extends PermanentError<OfferErrorCode> {
  constructor(
    code: OfferErrorCode,
    readonly field: string,
    message: string,
  ) {
    super(code, message);
  }
}

/**
 * Opaque offer ids: the offer as compact JSON, base64url, then an HMAC-SHA256 tag (128 bits) over
 * that text with a secret the availability APIs and the order service share (`OFFER_SECRET`).
 * An id cannot be forged or edited without the secret; it carries everything the order service
 * needs, so honouring an offer reads no store.
 */
export interface OfferCodec {
  encode(offer: Offer): string;
  /** The offer, or OfferError('OFFER_INVALID', field) for anything `encode` did not mint. Expiry is the caller's rule. */
  decode(offerId: string, field: string): Offer;
}

const OFFER_ID_PATTERN = /^([A-Za-z0-9_-]{16,3000})\.([A-Za-z0-9_-]{22})$/;
export const OFFER_ID_MAX_LENGTH = 3_030;

const payloadSchema = z.object({
  v: z.literal(1),
  c: cabin,
  cur: z.string().regex(CURRENCY_PATTERN),
  x: z.number().int().nonnegative(),
  l: z
    .array(z.tuple([z.string().min(1).max(64), z.string().regex(DECIMAL_PATTERN), z.number().int().nonnegative()]))
    .min(1)
    .max(4),
});

export function createOfferCodec(secret: string): OfferCodec {
  if (secret.length < 32) {
    throw new RangeError('an offer secret needs at least 32 characters');
  }
  const tagOf = (payload: string) =>
    createHmac('sha256', secret).update(payload).digest().subarray(0, 16).toString('base64url');

  return {
    encode(offer) {
      const payload = {
        v: 1,
        c: offer.cabin,
        cur: offer.currency,
        x: Date.parse(offer.expiresAt),
        l: offer.legs.map((leg) => [leg.flightId, leg.unitPrice, Date.parse(leg.observedAt)]),
      };
      const text = Buffer.from(JSON.stringify(payload)).toString('base64url');
      return `${text}.${tagOf(text)}`;
    },
    decode(offerId, field) {
      const invalid = (reason: string) =>
        new OfferError('OFFER_INVALID', field, `is not an offer id this service issued (${reason})`);
      const match = OFFER_ID_PATTERN.exec(offerId);
      if (!match?.[1] || !match[2]) {
        throw invalid('malformed');
      }
      // The text is compared, not decoded bytes: base64 has several spellings of the same bytes.
      const given = Buffer.from(match[2]);
      const expected = Buffer.from(tagOf(match[1]));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw invalid('bad signature');
      }
      const parsed = payloadSchema.safeParse(parseJson(Buffer.from(match[1], 'base64url').toString('utf8')));
      if (!parsed.success) {
        throw invalid('malformed');
      }
      const { c, cur, x, l } = parsed.data;
      return {
        cabin: c,
        currency: cur,
        expiresAt: new Date(x).toISOString(),
        legs: l.map(([flightId, unitPrice, observedAtMs]) => ({
          flightId,
          unitPrice,
          observedAt: new Date(observedAtMs).toISOString(),
        })),
      };
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
