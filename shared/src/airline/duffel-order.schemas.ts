import { z } from 'zod';

import { currencyCode, decimalAmount, isoDateTime } from '../messages/primitives';

/**
 * Duffel-format booking (`POST /air/orders`) request and response, as far as Fareflow uses them.
 * Unknown fields are stripped, not rejected: airlines add fields without notice.
 */

export const duffelOrderPassenger = z.object({
  /** The passenger id the offer carries (`pas_...`); the simulator accepts any non-empty id. */
  id: z.string().min(1).max(64),
  type: z.enum(['adult', 'child', 'infant_without_seat']).optional(),
  given_name: z.string().min(1).max(100),
  family_name: z.string().min(1).max(100),
  born_on: z.iso.date().optional(),
  title: z.enum(['mr', 'ms', 'mrs', 'miss', 'dr']).optional(),
  gender: z.enum(['m', 'f']).optional(),
  email: z.email().optional(),
  phone_number: z.string().max(32).optional(),
});
export type DuffelOrderPassenger = z.infer<typeof duffelOrderPassenger>;

export const duffelOrderPayment = z.object({
  type: z.enum(['balance', 'arc_bsp_cash']),
  currency: currencyCode,
  amount: decimalAmount,
});

export const duffelCreateOrderRequest = z.object({
  data: z.object({
    type: z.enum(['instant', 'hold']),
    selected_offers: z.array(z.string().min(1).max(200)).length(1, 'exactly one offer per order'),
    passengers: z.array(duffelOrderPassenger).min(1).max(100),
    payments: z.array(duffelOrderPayment).max(1).optional(),
    metadata: z.record(z.string(), z.string().max(500)).optional(),
  }),
});
export type DuffelCreateOrderRequest = z.infer<typeof duffelCreateOrderRequest>;

const duffelPlace = z.object({ iata_code: z.string().min(3).max(3) });

export const duffelOrderSegment = z.object({
  id: z.string().min(1),
  origin: duffelPlace,
  destination: duffelPlace,
  departing_at: z.string().min(1),
  arriving_at: z.string().min(1),
  marketing_carrier: z.object({ iata_code: z.string().min(2).max(2) }),
  marketing_carrier_flight_number: z.string().min(1),
});

export const duffelOrder = z.object({
  id: z.string().min(1),
  booking_reference: z.string().min(1),
  created_at: isoDateTime,
  total_amount: decimalAmount,
  total_currency: currencyCode,
  base_amount: decimalAmount.nullish(),
  tax_amount: decimalAmount.nullish(),
  live_mode: z.boolean().optional(),
  owner: z.object({ iata_code: z.string().min(2).max(2), name: z.string().optional() }),
  passengers: z.array(z.object({ id: z.string().min(1), given_name: z.string(), family_name: z.string() })).min(1),
  slices: z.array(z.object({ segments: z.array(duffelOrderSegment).min(1) })).min(1),
  payment_status: z
    .object({
      awaiting_payment: z.boolean(),
      payment_required_by: isoDateTime.nullish(),
      price_guarantee_expires_at: isoDateTime.nullish(),
    })
    .optional(),
  metadata: z.record(z.string(), z.string()).nullish(),
});
export type DuffelOrder = z.infer<typeof duffelOrder>;

export const duffelOrderResponse = z.object({ data: duffelOrder });
export type DuffelOrderResponse = z.infer<typeof duffelOrderResponse>;

/** Duffel's error envelope: `{"errors": [{type, code, title, message}], "meta": {status, request_id}}`. */
export const duffelErrorResponse = z.object({
  errors: z
    .array(
      z.object({
        type: z.string(),
        code: z.string(),
        title: z.string().optional(),
        message: z.string(),
      }),
    )
    .min(1),
  meta: z.object({ status: z.number().int(), request_id: z.string() }).optional(),
});
export type DuffelErrorResponse = z.infer<typeof duffelErrorResponse>;

/** Error codes the booking endpoint returns (Duffel's names where Duffel has one). */
export const duffelOrderErrorCodes = {
  priceChanged: 'price_changed',
  offerNoLongerAvailable: 'offer_no_longer_available',
  invalidRequest: 'validation_error',
  notFound: 'not_found',
  rateLimited: 'rate_limit_exceeded',
  unauthorized: 'access_token_not_found',
  internal: 'internal_server_error',
} as const;
