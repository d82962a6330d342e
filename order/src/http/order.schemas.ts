import { cabin, currencyCode, decimalAmount, flightId, OFFER_ID_MAX_LENGTH, safeText } from '@fareflow/shared';
import { z } from 'zod';

import { orderStatuses } from '../domain/order';

const name = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^[\p{L}' .-]+$/u, 'letters, spaces, apostrophes, dots and dashes only');

const passengerResponseSchema = z.object({
  type: z.enum(['ADT', 'CHD', 'INF']),
  givenName: z.string(),
  familyName: z.string(),
});

export const passengerSchema = z
  .object({
    type: z.enum(['ADT', 'CHD', 'INF']),
    givenName: name,
    familyName: name,
  })
  .strict();
type Passenger = z.infer<typeof passengerSchema>;

/** Who a passenger is, for spotting the same one twice: names compared without case, spacing or Unicode form. */
const identityOf = (passenger: Passenger) =>
  [passenger.givenName, passenger.familyName]
    .map((part) => part.normalize('NFKC').toLowerCase().replace(/\s+/g, ' '))
    .join('\u0000');

const offerId = z
  .string()
  .max(OFFER_ID_MAX_LENGTH)
  .regex(/^[A-Za-z0-9_.-]+$/, 'must be an offerId as GET /v1/fares returns it')
  .describe('an offer of the availability API (GET /v1/fares results[].offerId): its legs at the price shown');

const moneyLimit = z
  .object({
    amount: decimalAmount.refine((amount) => !amount.startsWith('-'), 'must not be negative'),
    currency: currencyCode,
  })
  .strict();

/** Exactly one of `offerId` and `flightId`; `cabin` goes with `flightId`; a ceiling only without an offer. */
function checkTarget(
  target: { offerId?: string | undefined; flightId?: string | undefined; cabin?: unknown; maxUnitPrice?: unknown },
  ctx: z.RefinementCtx,
  isCabinRequired: boolean,
): void {
  if (target.offerId !== undefined) {
    for (const key of ['flightId', 'cabin', 'maxUnitPrice'] as const) {
      if (target[key] !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: 'not with offerId: the offer names the flight and price',
        });
      }
    }
  } else if (target.flightId === undefined) {
    ctx.addIssue({ code: 'custom', path: ['offerId'], message: 'required: an offerId, or a flightId and cabin' });
  } else if (isCabinRequired && target.cabin === undefined) {
    ctx.addIssue({ code: 'custom', path: ['cabin'], message: 'required with flightId' });
  }
}

export const orderItemRequestSchema = z
  .object({
    offerId: offerId.optional(),
    flightId: flightId.optional(),
    cabin: cabin.optional(),
    maxUnitPrice: moneyLimit
      .optional()
      .describe('with flightId: the most to pay per seat; above it the item fails PRICE_CHANGED'),
    passengers: z.array(passengerSchema).min(1).max(9),
  })
  .strict()
  .superRefine((item, ctx) => {
    checkTarget(item, ctx, true);
    const adults = item.passengers.filter((p) => p.type === 'ADT').length;
    const infants = item.passengers.filter((p) => p.type === 'INF').length;
    if (adults === 0) {
      ctx.addIssue({ code: 'custom', path: ['passengers'], message: 'needs at least one adult (ADT)' });
    } else if (infants > adults) {
      ctx.addIssue({ code: 'custom', path: ['passengers'], message: 'at most one infant (INF) per adult' });
    }
    const firstIndexOf = new Map<string, number>();
    item.passengers.forEach((passenger, index) => {
      const identity = identityOf(passenger);
      const first = firstIndexOf.get(identity);
      if (first === undefined) {
        firstIndexOf.set(identity, index);
        return;
      }
      ctx.addIssue({
        code: 'custom',
        path: ['passengers', index],
        message: `the same passenger as passengers.${first}: each passenger once per item`,
      });
    });
  });

const paymentToken = safeText().min(4).max(200);

/** OpenAPI examples of a create-order body (`x-examples` become named examples of the request body). */
const createOrderExamples = {
  agentOrder: {
    summary: 'An agent books 3 passengers on 2 flights, paid at once',
    value: {
      type: 'instant',
      items: [
        {
          flightId: 'LH400-2026-12-01-FRA-JFK',
          cabin: 'ECONOMY',
          passengers: [
            { type: 'ADT', givenName: 'Anna', familyName: 'Schmidt' },
            { type: 'ADT', givenName: 'Jonas', familyName: 'Schmidt' },
            { type: 'CHD', givenName: 'Mia', familyName: 'Schmidt' },
          ],
        },
        {
          flightId: 'DL44-2026-12-03-JFK-LAX',
          cabin: 'ECONOMY',
          passengers: [
            { type: 'ADT', givenName: 'Anna', familyName: 'Schmidt' },
            { type: 'ADT', givenName: 'Jonas', familyName: 'Schmidt' },
            { type: 'CHD', givenName: 'Mia', familyName: 'Schmidt' },
          ],
        },
      ],
      contact: { email: 'bookings@agency.example', phone: '+4969123456' },
      paymentToken: 'tok_visa',
    },
  },
  hold: {
    summary: 'A hold: seats kept until paymentRequiredBy, paid later with POST /v1/orders/{orderId}/pay',
    value: {
      type: 'hold',
      items: [
        {
          flightId: 'BA117-2026-12-05-LHR-JFK',
          cabin: 'ECONOMY',
          passengers: [{ type: 'ADT', givenName: 'Sam', familyName: 'Taylor' }],
        },
      ],
      contact: { email: 'sam.taylor@example.com' },
    },
  },
};

export const createOrderBodySchema = z
  .object({
    type: z.enum(['instant', 'hold']).default('instant'),
    items: z.array(orderItemRequestSchema).min(1).max(6),
    contact: z
      .object({
        email: z.email(),
        phone: z
          .string()
          .regex(/^\+\d{6,15}$/, 'E.164, e.g. +4969123456')
          .optional(),
      })
      .strict(),
    paymentToken: paymentToken.optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.type === 'instant' && body.paymentToken === undefined) {
      ctx.addIssue({ code: 'custom', path: ['paymentToken'], message: 'required for an instant order' });
    }
  })
  .meta({ 'x-examples': createOrderExamples });
export type CreateOrderBody = z.infer<typeof createOrderBodySchema>;

export const idempotencyHeadersSchema = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{8,128}$/, 'must be 8-128 characters of letters, digits, _ . : -'),
  prefer: safeText().max(200).optional(),
});

export const orderParamsSchema = z.object({ orderId: z.uuid() });

export const listOrdersQuerySchema = z
  .object({
    status: z.enum(orderStatuses).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict()
  .superRefine((query, ctx) => {
    if (query.from !== undefined && query.to !== undefined && Date.parse(query.from) > Date.parse(query.to)) {
      ctx.addIssue({ code: 'custom', path: ['from'], message: 'must not be after to' });
    }
  });

export const changeOrderBodySchema = z
  .object({
    itemNo: z.number().int().min(1),
    offerId: offerId.optional(),
    flightId: flightId.optional(),
    cabin: cabin.optional().describe("with flightId; the item's own cabin when absent"),
    maxUnitPrice: moneyLimit.optional(),
  })
  .strict()
  .superRefine((body, ctx) => checkTarget(body, ctx, false))
  .describe('another flight or day of the same origin and destination: an offer, or a flight id');
export type ChangeOrderBody = z.infer<typeof changeOrderBodySchema>;

export const payOrderBodySchema = z
  .object({ paymentToken: paymentToken.optional() })
  .strict()
  .meta({
    'x-examples': {
      payHold: { summary: 'Pays a hold before its paymentRequiredBy', value: { paymentToken: 'tok_visa' } },
    },
  });

const itemResponseSchema = z.object({
  itemNo: z.number().int(),
  flightId: z.string(),
  cabin: z.string(),
  seats: z.number().int(),
  passengers: z.array(passengerResponseSchema),
  state: z.enum(['pending', 'reserved', 'released', 'replaced']),
  seatStatus: z.enum(['confirmed', 'oversold']).optional(),
  unitPrice: decimalAmount.optional(),
  currency: currencyCode.optional(),
  replacesItemNo: z.number().int().optional(),
  priceTerms: z
    .object({
      kind: z.enum(['offer', 'limit']),
      unitPrice: z.object({ amount: decimalAmount, currency: currencyCode }),
      offerExpiresAt: z.string().optional(),
    })
    .optional()
    .describe('offer: charged this price; limit: charged the current fare up to this price'),
});

export const orderResponseSchema = z.object({
  orderId: z.uuid(),
  type: z.enum(['instant', 'hold']),
  status: z.enum(orderStatuses),
  failure: z.object({ code: z.string(), reason: z.string() }).optional(),
  totalAmount: decimalAmount.optional(),
  currency: currencyCode.optional(),
  paymentRequiredBy: z.string().optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
  finalizedAt: z.string().optional(),
  contact: z.object({ email: z.string(), phone: z.string().optional() }),
  items: z.array(itemResponseSchema),
  links: z.object({ self: z.string() }),
});
export type OrderResponse = z.infer<typeof orderResponseSchema>;

export const orderListResponseSchema = z.object({ orders: z.array(orderResponseSchema) });

export const errorResponseSchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }),
});
