import { cabin as cabinSchema } from '@fareflow/shared';

import {
  describeIssues,
  type NormalizedItinerary,
  type NormalizedOffer,
  type ParsedOffers,
  type SkippedOffer,
} from '../../domain/normalized-offer';
import { parseOfferList } from '../../domain/parse-offer-list';
import { durationOf, isSkipped, type TimedSegment, timeSegment, toNormalizedSegment } from '../../domain/segment-times';
import { duffelEnvelope, type DuffelOffer, duffelOffer } from './duffel.schemas';

/**
 * Reads any Duffel payload that carries offers: an offer request (`data.offers`), a list of offer
 * requests or offers (`data: [...]`), or one offer (`data: {...}`). Duffel publishes no seat
 * counts, so `seatsAvailable` stays undefined.
 */
export function parseDuffelOffers(body: unknown, source: string): ParsedOffers {
  const envelope = duffelEnvelope.safeParse(body);
  if (!envelope.success) {
    return {
      offers: [],
      skipped: [
        { code: 'INVALID_RESPONSE', message: `not a Duffel payload: ${describeIssues(envelope.error.issues)}` },
      ],
    };
  }
  return parseOfferList(extractOffers(envelope.data.data), duffelOffer, (offer) => normalizeDuffelOffer(offer, source));
}

function extractOffers(data: Record<string, unknown> | Record<string, unknown>[]): unknown[] {
  const items = Array.isArray(data) ? data : [data];
  return items.flatMap((item) => (Array.isArray(item['offers']) ? (item['offers'] as unknown[]) : [item]));
}

export function normalizeDuffelOffer(offer: DuffelOffer, source: string): NormalizedOffer | SkippedOffer {
  if (offer.passengers.length !== 1) {
    return {
      code: 'INVALID_OFFER',
      message: `offer is priced for ${offer.passengers.length} passengers, not one adult`,
    };
  }
  const itineraries: NormalizedItinerary[] = [];
  for (const slice of offer.slices) {
    const timed: TimedSegment[] = [];
    for (const segment of slice.segments) {
      const result = timeSegment({
        carrier: segment.marketing_carrier.iata_code,
        flightNumber: segment.marketing_carrier_flight_number,
        origin: segment.origin.iata_code,
        destination: segment.destination.iata_code,
        departureLocal: segment.departing_at,
        arrivalLocal: segment.arriving_at,
        originTimeZone: segment.origin.time_zone,
        destinationTimeZone: segment.destination.time_zone,
      });
      if (isSkipped(result)) {
        return result;
      }
      timed.push(result);
    }
    const fare = slice.segments[0]?.passengers[0];
    const cabin = cabinSchema.safeParse(fare?.cabin_class.toUpperCase());
    if (!cabin.success) {
      return {
        code: 'UNSUPPORTED_CABIN',
        message: `cabin ${JSON.stringify(fare?.cabin_class)} is not one Fareflow knows`,
      };
    }
    itineraries.push({
      segments: timed.map(toNormalizedSegment),
      durationMinutes: durationOf(slice.duration ?? undefined, timed),
      stops: timed.length - 1 + slice.segments.reduce((sum, segment) => sum + (segment.stops?.length ?? 0), 0),
      cabin: cabin.data,
      // Duffel gives no booking class; by convention it is the fare basis code's first letter.
      fareClass: fare?.fare_basis_code?.charAt(0).toUpperCase() ?? '',
    });
  }
  return {
    source,
    offerId: offer.id,
    itineraries,
    // Duffel prices the whole offer; the scraper asks for one adult.
    price: offer.total_amount,
    currency: offer.total_currency,
    ...(offer.expires_at ? { offerExpiresAt: offer.expires_at } : {}),
  };
}
