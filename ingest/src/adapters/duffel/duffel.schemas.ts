import { currencyCode, decimalAmount } from '@fareflow/shared';
import { z } from 'zod';

/** The parts of Duffel's offer format that Fareflow reads (snake_case, `{data: ...}` envelopes). */

const place = z.object({
  iata_code: z.string().regex(/^[A-Z]{3}$/),
  time_zone: z.string().min(1).optional(),
});

const localTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?/);

export const duffelSegment = z.object({
  id: z.string().optional(),
  origin: place,
  destination: place,
  departing_at: localTime,
  arriving_at: localTime,
  duration: z.string().nullish(),
  marketing_carrier: z.object({ iata_code: z.string().regex(/^[A-Z0-9]{2}$/) }),
  marketing_carrier_flight_number: z.string().regex(/^\d{1,4}[A-Z]?$/),
  stops: z.array(z.unknown()).optional(),
  passengers: z
    .array(
      z.object({
        passenger_id: z.string().optional(),
        cabin_class: z.string(),
        fare_basis_code: z.string().nullish(),
      }),
    )
    .min(1),
});

export const duffelOffer = z.object({
  id: z.string().min(1),
  expires_at: z.iso.datetime({ offset: true }).nullish(),
  total_amount: decimalAmount,
  total_currency: currencyCode,
  owner: z.object({ iata_code: z.string().regex(/^[A-Z0-9]{2}$/) }),
  passengers: z.array(z.object({ id: z.string(), type: z.string().nullish() })).min(1),
  slices: z
    .array(
      z.object({
        duration: z.string().nullish(),
        segments: z.array(duffelSegment).min(1),
      }),
    )
    .min(1),
});
export type DuffelOffer = z.infer<typeof duffelOffer>;

/** `POST /air/offer_requests` reply, `GET /air/offer_requests`, `GET /air/offers`, `GET /air/offers/:id`. */
export const duffelEnvelope = z.object({
  data: z.union([z.array(z.record(z.string(), z.unknown())), z.record(z.string(), z.unknown())]),
});

export const duffelOfferRequestBody = z.object({
  data: z.object({
    slices: z
      .array(
        z.object({
          origin: z.string().regex(/^[A-Z]{3}$/),
          destination: z.string().regex(/^[A-Z]{3}$/),
          departure_date: z.iso.date(),
        }),
      )
      .min(1)
      .max(4),
    passengers: z
      .array(
        z.object({
          type: z.enum(['adult', 'child', 'infant_without_seat']).optional(),
          age: z.number().int().optional(),
        }),
      )
      .min(1)
      .max(9),
    cabin_class: z.enum(['economy', 'premium_economy', 'business', 'first']).optional(),
    max_connections: z.number().int().min(0).max(2).optional(),
  }),
});
export type DuffelOfferRequestBody = z.infer<typeof duffelOfferRequestBody>;
