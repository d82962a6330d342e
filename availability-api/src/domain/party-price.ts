import { fromScaled } from '@fareflow/shared';

import type { Itinerary } from './fare';

/** The price of a party: the unit price as shown (verbatim), and unit x passengers, exact. */
export function partyPriceOf(itinerary: Itinerary, passengers: number): { unitPrice: string; totalPrice: string } {
  return {
    unitPrice: itinerary.price,
    totalPrice: passengers === 1 ? itinerary.price : fromScaled(itinerary.priceScaled * BigInt(passengers)),
  };
}
