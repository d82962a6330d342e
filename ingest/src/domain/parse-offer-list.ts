import {
  describeIssues,
  type NormalizedOffer,
  offerIdOf,
  type ParsedOffers,
  type SkippedOffer,
} from './normalized-offer';
import { isSkipped } from './segment-times';

/** The part of a zod schema this needs: validation of one raw offer. */
export interface OfferSchema<T> {
  safeParse(
    raw: unknown,
  ): { success: true; data: T } | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
}

/**
 * Validates each raw offer of a source's payload and normalizes the valid ones: an invalid offer
 * is skipped as INVALID_OFFER (with its id or position), an offer the normalizer refuses is
 * skipped with the normalizer's reason; the others are returned in order.
 */
export function parseOfferList<T extends { id: string }>(
  rawOffers: readonly unknown[],
  schema: OfferSchema<T>,
  normalize: (offer: T) => NormalizedOffer | SkippedOffer,
): ParsedOffers {
  const result: ParsedOffers = { offers: [], skipped: [] };
  rawOffers.forEach((raw, index) => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      result.skipped.push({
        code: 'INVALID_OFFER',
        message: describeIssues(parsed.error.issues),
        offerId: offerIdOf(raw, index),
      });
      return;
    }
    const normalized = normalize(parsed.data);
    if (isSkipped(normalized)) {
      result.skipped.push({ ...normalized, offerId: parsed.data.id });
    } else {
      result.offers.push(normalized);
    }
  });
  return result;
}
