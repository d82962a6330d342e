import { currencyCode, decimalAmount } from '@fareflow/shared';
import { z } from 'zod';

/**
 * The parts of the Amadeus Flight Offers Search v2 format that Fareflow reads. The envelope is
 * validated as a whole; each offer separately, so one bad offer does not sink its neighbours.
 */

const endpoint = z.object({
  iataCode: z.string().regex(/^[A-Z]{3}$/),
  terminal: z.string().optional(),
  /** Local time without offset, e.g. `2021-11-01T11:35:00`. */
  at: z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/),
});

export const amadeusSegment = z.object({
  id: z.string().optional(),
  departure: endpoint,
  arrival: endpoint,
  carrierCode: z.string().regex(/^[A-Z0-9]{2}$/),
  number: z.string().regex(/^\d{1,4}[A-Z]?$/),
  duration: z.string().optional(),
  numberOfStops: z.number().int().min(0).optional(),
});

const itinerary = z.object({
  duration: z.string().optional(),
  segments: z.array(amadeusSegment).min(1),
});

const price = z.object({
  currency: currencyCode,
  total: decimalAmount,
  base: decimalAmount.optional(),
  grandTotal: decimalAmount.optional(),
});

const fareDetail = z.object({
  segmentId: z.string(),
  cabin: z.string().optional(),
  class: z.string().optional(),
  fareBasis: z.string().optional(),
});

const travelerPricing = z.object({
  travelerId: z.string(),
  travelerType: z.string(),
  price: z.object({ currency: currencyCode, total: decimalAmount }),
  fareDetailsBySegment: z.array(fareDetail).min(1),
});

export const amadeusFlightOffer = z.object({
  type: z.literal('flight-offer'),
  id: z.string().min(1),
  source: z.string().optional(),
  lastTicketingDateTime: z.iso.datetime({ offset: true }).optional().catch(undefined),
  numberOfBookableSeats: z.number().int().min(0).optional(),
  itineraries: z.array(itinerary).min(1),
  price,
  travelerPricings: z.array(travelerPricing).min(1),
});
export type AmadeusFlightOffer = z.infer<typeof amadeusFlightOffer>;

/** `GET /v2/shopping/flight-offers` reply (also the prediction/upsell replies). */
export const amadeusOffersReply = z.object({
  meta: z.object({ count: z.number().int().min(0).optional() }).optional(),
  data: z.array(z.unknown()),
  dictionaries: z.unknown().optional(),
});

/** Pricing, order and seat-map payloads wrap the offers as `data.flightOffers`. */
export const amadeusFlightOffersEnvelope = z.object({
  data: z.object({ flightOffers: z.array(z.unknown()) }),
});

export const amadeusTokenResponse = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  /** Seconds. */
  expires_in: z.number().int().positive(),
});

export const amadeusErrorResponse = z.object({
  errors: z
    .array(
      z.object({
        status: z.number().int().optional(),
        code: z.number().int().optional(),
        title: z.string().optional(),
        detail: z.string().optional(),
      }),
    )
    .min(1),
});
