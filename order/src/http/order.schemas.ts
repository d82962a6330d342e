import { cabin, currencyCode, decimalAmount, flightId } from '@fareflow/shared';
import { z } from 'zod';

import { orderStatuses } from '../domain/order';

const name = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .regex(/^[\p{L}' .-]+$/u, 'letters, spaces, apostrophes, dots and dashes only');

export const passengerSchema = z.object({
  type: z.enum(['ADT', 'CHD', 'INF']),
  givenName: name,
  familyName: name,
});

export const orderItemRequestSchema = z
  .object({ flightId, cabin, passengers: z.array(passengerSchema).min(1).max(9) })
  .strict()
  .superRefine((item, ctx) => {
    const adults = item.passengers.filter((p) => p.type === 'ADT').length;
    const infants = item.passengers.filter((p) => p.type === 'INF').length;
    if (adults === 0) {
      ctx.addIssue({ code: 'custom', path: ['passengers'], message: 'needs at least one adult (ADT)' });
    } else if (infants > adults) {
      ctx.addIssue({ code: 'custom', path: ['passengers'], message: 'at most one infant (INF) per adult' });
    }
  });

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
    paymentToken: z.string().min(4).max(200).optional(),
  })
  .strict()
  .superRefine((body, ctx) => {
    if (body.type === 'instant' && body.paymentToken === undefined) {
      ctx.addIssue({ code: 'custom', path: ['paymentToken'], message: 'required for an instant order' });
    }
  });
export type CreateOrderBody = z.infer<typeof createOrderBodySchema>;

export const idempotencyHeadersSchema = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9_.:-]{8,128}$/, 'must be 8-128 characters of letters, digits, _ . : -'),
  prefer: z.string().max(200).optional(),
});

export const orderParamsSchema = z.object({ orderId: z.uuid() });

export const listOrdersQuerySchema = z
  .object({
    status: z.enum(orderStatuses).optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
  })
  .strict();

export const changeOrderBodySchema = z
  .object({ itemNo: z.number().int().min(1), flightId, cabin: cabin.optional() })
  .strict();

export const payOrderBodySchema = z.object({ paymentToken: z.string().min(4).max(200).optional() }).strict();

const itemResponseSchema = z.object({
  itemNo: z.number().int(),
  flightId: z.string(),
  cabin: z.string(),
  seats: z.number().int(),
  passengers: z.array(passengerSchema),
  state: z.enum(['pending', 'reserved', 'released', 'replaced']),
  seatStatus: z.enum(['confirmed', 'oversold']).optional(),
  unitPrice: decimalAmount.optional(),
  currency: currencyCode.optional(),
  replacesItemNo: z.number().int().optional(),
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
