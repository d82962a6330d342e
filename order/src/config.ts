import {
  amqpEnv,
  loadConfig,
  logEnv,
  positiveIntFromEnv,
  postgresEnv,
  regionMappingEnv,
  salesEnv,
} from '@fareflow/shared';
import { z } from 'zod';

import { checkWebhookLease, webhookEnv } from './webhook-config';

export const orderRoles = ['api', 'worker', 'relay', 'sweeper', 'preorders', 'fares', 'webhooks'] as const;
export type OrderRole = (typeof orderRoles)[number];

const rate = z.coerce.number().min(0).max(1);
const port = z.coerce.number().int().min(0).max(65_535);
const MINUTE_MS = 60_000;

/** Environment of the order service. Every duration carries its unit; every default is for local use. */
export const orderConfigSchema = z
  .object({
    ...logEnv,
    ...postgresEnv,
    ...amqpEnv,
    /** Region of a flight by its origin: inventory events go to `inventory.changed.v1.<region>` (the aggregator's mapping). */
    ...regionMappingEnv,
    /** OFFER_SECRET (verifies offer ids the availability APIs minted) and SALES_CUTOFF_MINUTES: the APIs' values. */
    ...salesEnv,
    /** Webhook endpoints, delivery and SSRF guard (see `webhook-config.ts`). */
    ...webhookEnv,
    /** Which parts this process runs, comma-separated: api, worker, relay, sweeper, preorders, fares, webhooks. */
    ORDER_ROLES: z
      .string()
      .default(orderRoles.join(','))
      .transform((text) =>
        text
          .split(',')
          .map((role) => role.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.enum(orderRoles)).min(1, 'name at least one role')),
    ORDER_API_HOST: z.string().min(1).default('127.0.0.1'),
    ORDER_API_PORT: port.default(8090),
    /** Metrics server of a process without the API role (0 = any free port). */
    ORDER_METRICS_PORT: port.default(9104),
    /** Oversell limit (seats) of a flight that enters inventory through its first fare observation. */
    ORDER_DEFAULT_OVERSELL_LIMIT: z.coerce.number().int().min(0).default(0),
    ORDER_HOLD_TTL_MS: positiveIntFromEnv.default(15 * MINUTE_MS),
    ORDER_MAX_WAIT_SECONDS: positiveIntFromEnv.max(120).default(30),
    ORDER_WORKER_PREFETCH: positiveIntFromEnv.default(400),
    ORDER_WORKER_BATCH_SIZE: positiveIntFromEnv.max(1_000).default(100),
    ORDER_WORKER_BATCH_WAIT_MS: positiveIntFromEnv.default(5),
    ORDER_WORKER_CONCURRENCY: positiveIntFromEnv.max(64).default(4),
    ORDER_RELAY_BATCH_SIZE: positiveIntFromEnv.default(500),
    ORDER_RELAY_POLL_MS: positiveIntFromEnv.default(50),
    /** The relay leaves an order message this long to the API's own direct publish. */
    ORDER_RELAY_GRACE_MS: positiveIntFromEnv.default(2_000),
    ORDER_OUTBOX_RETENTION_MS: positiveIntFromEnv.default(60 * MINUTE_MS),
    ORDER_SWEEP_INTERVAL_MS: positiveIntFromEnv.default(1_000),
    /** An in-flight order untouched this long is resumed by the sweeper. */
    ORDER_STALE_AFTER_MS: positiveIntFromEnv.default(MINUTE_MS),
    PAYMENT_DECLINE_RATE: rate.default(0),
    PAYMENT_TIMEOUT_RATE: rate.default(0),
    PAYMENT_LATENCY_MS: z.coerce.number().int().min(0).default(0),
    PAYMENT_TIMEOUT_MS: positiveIntFromEnv.default(2_000),
    AIRLINE_BOOKING_URL: z.url().default('http://127.0.0.1:8070/duffel'),
    AIRLINE_ACCESS_TOKEN: z.string().min(1).default('simulator'),
    AIRLINE_TIMEOUT_MS: positiveIntFromEnv.default(5_000),
    SHUTDOWN_TIMEOUT_MS: positiveIntFromEnv.default(15_000),
  })
  .superRefine((config, context) => {
    const issue = checkWebhookLease(config);
    if (issue) {
      context.addIssue({ code: 'custom', path: ['WEBHOOK_LEASE_MS'], message: issue });
    }
  });
export type OrderConfig = Readonly<z.output<typeof orderConfigSchema>>;

export const loadOrderConfig = (env: NodeJS.ProcessEnv): OrderConfig => loadConfig(orderConfigSchema, env);

/** NOTIFY channel of settled orders; per schema, so stacks (and tests) sharing a database stay apart. */
export const settledChannelOf = (schema: string): string => `order_settled_${schema}`;
