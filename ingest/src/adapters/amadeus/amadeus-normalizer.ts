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
import {
  type AmadeusFlightOffer,
  amadeusFlightOffer,
  amadeusFlightOffersEnvelope,
  amadeusOffersReply,
} from './amadeus.schemas';

/**
 * Reads any Amadeus payload that carries flight offers: a search reply (`data: [offer...]`) or a
 * pricing/order/seat-map body (`data.flightOffers`). Offers that fail validation are skipped with
 * a reason; an envelope that fails validation yields one `INVALID_RESPONSE` skip.
 */
export function parseAmadeusOffers(body: unknown, source: string): ParsedOffers {
  const rawOffers = extractOffers(body);
  if (!Array.isArray(rawOffers)) {
    return { offers: [], skipped: [rawOffers] };
  }
  return parseOfferList(rawOffers, amadeusFlightOffer, (offer) => normalizeAmadeusOffer(offer, source));
}

function extractOffers(body: unknown): unknown[] | SkippedOffer {
  const reply = amadeusOffersReply.safeParse(body);
  if (reply.success) {
    return reply.data.data;
  }
  const envelope = amadeusFlightOffersEnvelope.safeParse(body);
  if (envelope.success) {
    return envelope.data.data.flightOffers;
  }
  return {
    code: 'INVALID_RESPONSE',
    message: `not an Amadeus flight-offers payload: ${describeIssues(reply.error.issues)}`,
  };
}

export function normalizeAmadeusOffer(offer: AmadeusFlightOffer, source: string): NormalizedOffer | SkippedOffer {
  // One adult's price: the search asks for one adult, but saved payloads may price a family.
  const adult = offer.travelerPricings.find((pricing) => pricing.travelerType === 'ADULT') ?? offer.travelerPricings[0];
  if (!adult) {
    return { code: 'INVALID_OFFER', message: 'offer has no traveler pricing' };
  }
  const itineraries: NormalizedItinerary[] = [];
  for (const itinerary of offer.itineraries) {
    const timed: TimedSegment[] = [];
    for (const segment of itinerary.segments) {
      const result = timeSegment({
        carrier: segment.carrierCode,
        flightNumber: segment.number,
        origin: segment.departure.iataCode,
        destination: segment.arrival.iataCode,
        departureLocal: segment.departure.at,
        arrivalLocal: segment.arrival.at,
      });
      if (isSkipped(result)) {
        return result;
      }
      timed.push(result);
    }
    const first = itinerary.segments[0];
    const detail =
      adult.fareDetailsBySegment.find((fare) => fare.segmentId === first?.id) ?? adult.fareDetailsBySegment[0];
    const cabin = cabinSchema.safeParse(detail?.cabin);
    if (!cabin.success) {
      return { code: 'UNSUPPORTED_CABIN', message: `cabin ${JSON.stringify(detail?.cabin)} is not one Fareflow knows` };
    }
    const fareClass = detail?.class ?? '';
    const stops = timed.length - 1 + itinerary.segments.reduce((sum, segment) => sum + (segment.numberOfStops ?? 0), 0);
    itineraries.push({
      segments: timed.map(toNormalizedSegment),
      durationMinutes: durationOf(itinerary.duration, timed),
      stops,
      cabin: cabin.data,
      fareClass,
    });
  }
  return {
    source,
    offerId: offer.id,
    itineraries,
    price: adult.price.total,
    currency: adult.price.currency,
    ...(offer.numberOfBookableSeats === undefined ? {} : { seatsAvailable: offer.numberOfBookableSeats }),
    ...(offer.lastTicketingDateTime ? { offerExpiresAt: offer.lastTicketingDateTime } : {}),
  };
}
