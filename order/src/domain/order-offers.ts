import type { Cabin, Money, Offer } from '@fareflow/shared';

import type { Passenger, PriceTerms } from './order';
import { OrderError } from './order-errors';

/**
 * An item as the caller asked for it: an offer from the availability API (its signed id), or a
 * flight and cabin, optionally with the most the caller will pay per seat.
 */
export type RequestedItem =
  | { offerId: string; passengers: Passenger[] }
  | { flightId: string; cabin: Cabin; maxUnitPrice?: Money | undefined; passengers: Passenger[] };

/** One flight of an order, with the price terms it is sold on. */
export interface PricedItem {
  flightId: string;
  cabin: Cabin;
  passengers: Passenger[];
  priceTerms: PriceTerms | undefined;
  /** Which request field the item came from (errors name it). */
  field: string;
}

/** Reads an offer id; throws OfferError('OFFER_INVALID', field) for anything not minted with our secret. */
export type OfferReader = (offerId: string, field: string) => Offer;

/**
 * The flights an order's items stand for: an offer becomes one item per leg (a connection is
 * ordered whole: the order is all or nothing), each at the offer's unit price; an expired offer is
 * refused (OFFER_EXPIRED). Pure but for `readOffer`'s signature check.
 */
export function resolveItems(
  items: readonly RequestedItem[],
  readOffer: OfferReader,
  now: Date,
  fieldPrefix = 'items',
): PricedItem[] {
  return items.flatMap((item, index): PricedItem[] => {
    if ('offerId' in item) {
      const field = `${fieldPrefix}.${index}.offerId`;
      const offer = readOffer(item.offerId, field);
      if (Date.parse(offer.expiresAt) <= now.getTime()) {
        throw new OrderError('OFFER_EXPIRED', `the offer expired at ${offer.expiresAt}: search again`, field);
      }
      return offer.legs.map((leg) => ({
        flightId: leg.flightId,
        cabin: offer.cabin,
        passengers: item.passengers,
        priceTerms: {
          kind: 'offer',
          unitPrice: leg.unitPrice,
          currency: offer.currency,
          offerExpiresAt: new Date(offer.expiresAt),
        },
        field,
      }));
    }
    const field = `${fieldPrefix}.${index}.flightId`;
    return [
      {
        flightId: item.flightId,
        cabin: item.cabin,
        passengers: item.passengers,
        priceTerms: limitTerms(item.maxUnitPrice),
        field,
      },
    ];
  });
}

/** The price terms of a ceiling per seat (`maxUnitPrice`), if one was given. */
export const limitTerms = (limit: Money | undefined): PriceTerms | undefined =>
  limit ? { kind: 'limit', unitPrice: limit.amount, currency: limit.currency } : undefined;
