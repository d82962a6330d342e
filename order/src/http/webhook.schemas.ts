import { safeText } from '@fareflow/shared';
import { z } from 'zod';

import { webhookEventTypes } from '../domain/webhook-events';

export const createWebhookBodySchema = z
  .object({
    url: safeText()
      .pipe(z.string().min(1).max(2_048))
      .describe('https URL of the receiver (http only to loopback, where the service allows it)'),
    eventTypes: z
      .array(z.enum(webhookEventTypes))
      .min(1)
      .max(webhookEventTypes.length)
      .refine((types) => new Set(types).size === types.length, 'each event type once')
      .describe('The event types this endpoint receives'),
    description: safeText().pipe(z.string().max(200)).optional(),
  })
  .strict()
  .meta({
    example: {
      url: 'https://agency.example/hooks/fareflow',
      eventTypes: ['order.confirmed', 'order.failed', 'order.hold_expiring'],
      description: 'booking desk',
    },
  });
export type CreateWebhookBody = z.infer<typeof createWebhookBodySchema>;

export const webhookParamsSchema = z.object({ webhookId: z.uuid() });
export const deliveryParamsSchema = z.object({ webhookId: z.uuid(), deliveryId: z.uuid() });

export const listDeliveriesQuerySchema = z
  .object({
    status: z.enum(['pending', 'succeeded', 'failed']).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
  })
  .strict();

export const webhookResponseSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  description: z.string().optional(),
  status: z.enum(['active', 'disabled']).describe('disabled after a day in which every delivery failed'),
  failingSince: z.string().optional().describe('start of the current run of failed deliveries'),
  lastFailure: z.string().optional(),
  disabledAt: z.string().optional(),
  disabledReason: z.string().optional(),
  createdAt: z.string(),
});
export type WebhookResponse = z.infer<typeof webhookResponseSchema>;

export const createdWebhookResponseSchema = webhookResponseSchema.extend({
  secret: z
    .string()
    .describe('whsec_<base64>: the HMAC key of the Standard Webhooks signature; shown once, never again'),
});

export const webhookListResponseSchema = z.object({ webhooks: z.array(webhookResponseSchema) });

export const deliveryResponseSchema = z.object({
  id: z.uuid(),
  eventId: z.uuid().describe('the `webhook-id` header: the same on every attempt and duplicate'),
  eventType: z.string(),
  status: z.enum(['pending', 'succeeded', 'failed']),
  attempts: z.number().int(),
  nextAttemptAt: z.string().optional(),
  lastStatusCode: z.number().int().optional(),
  lastError: z.string().optional(),
  createdAt: z.string(),
  deliveredAt: z.string().optional(),
  attemptLog: z
    .array(
      z.object({
        attemptNo: z.number().int(),
        attemptedAt: z.string(),
        durationMs: z.number().int(),
        statusCode: z.number().int().optional(),
        error: z.string().optional(),
      }),
    )
    .describe('the last 20 attempts, newest first'),
});

export const deliveryListResponseSchema = z.object({ deliveries: z.array(deliveryResponseSchema) });

export const pingResponseSchema = z.object({ eventId: z.uuid(), deliveryId: z.uuid() });
