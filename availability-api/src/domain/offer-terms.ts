import type { Offer } from '@fareflow/shared';

import type { Itinerary } from './fare';

export interface OfferPolicy {
  /** How long an offer holds its price (OFFER_TTL_MINUTES). */
  ttlMs: number;
  /** Sales close this long before departure (SALES_CUTOFF_MINUTES). */
  cutoffMs: number;
}

/**
 * The offer behind a search result: its legs at the prices shown, valid for `ttlMs` but never past
 * the sales cut-off of any leg, nor past an airline's own guarantee of a leg's fare while that
 * guarantee runs. (An airline quote that has already lapsed does not bound it: the price is the
 * one our store holds now, refreshed by every scrape, and the order service sells it from our
 * inventory.)
 */
export function offerTermsOf(itinerary: Itinerary, nowMs: number, policy: OfferPolicy): Offer {
  let expiresAtMs = nowMs + policy.ttlMs;
  for (const leg of itinerary.legs) {
    expiresAtMs = Math.min(expiresAtMs, leg.departureUtcMs - policy.cutoffMs);
    if (leg.offerExpiresAtMs !== undefined && leg.offerExpiresAtMs > nowMs) {
      expiresAtMs = Math.min(expiresAtMs, leg.offerExpiresAtMs);
    }
  }
  return {
    cabin: itinerary.cabin,
    currency: itinerary.currency,
    expiresAt: new Date(expiresAtMs).toISOString(),
    legs: itinerary.legs.map((leg) => ({
      flightId: leg.flightId,
      unitPrice: leg.price,
      observedAt: new Date(leg.observedAtMs).toISOString(),
    })),
  };
}
