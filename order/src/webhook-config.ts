import { booleanFromEnv, positiveIntFromEnv } from '@fareflow/shared';
import { z } from 'zod';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

/**
 * Webhook settings of the order service (spread into its config schema). Durations carry their unit;
 * the backoff settings exist so that tests can retry in milliseconds.
 */
export const webhookEnv = {
  /** `http://` to loopback addresses (and loopback at all) allowed: local development only; `fareflow start` sets it. */
  WEBHOOK_ALLOW_HTTP_LOOPBACK: booleanFromEnv.default(false),
  /** Receivers on private, shared and link-local addresses (10/8, 172.16/12, 192.168/16, 100.64/10, 169.254/16, fc00::/7, fe80::/10) allowed. */
  WEBHOOK_ALLOW_PRIVATE_NETWORKS: booleanFromEnv.default(false),
  /** Key material the endpoint secrets are encrypted under (AES-256-GCM, key by HKDF); default: OFFER_SECRET. */
  WEBHOOK_SECRET_KEY: z.string().min(32, 'at least 32 characters').optional(),
  /** Parallel deliveries per delivery worker process: one slot per endpoint at a time. */
  WEBHOOK_CONCURRENCY: positiveIntFromEnv.max(256).default(16),
  /** Deliveries to one endpoint sent one after the other on its slot (keep-alive) per claim. */
  WEBHOOK_BATCH_PER_ENDPOINT: positiveIntFromEnv.max(500).default(20),
  /** Each POST ends after this, answered or not. */
  WEBHOOK_TIMEOUT_MS: positiveIntFromEnv.max(60_000).default(10_000),
  /** A claimed delivery is due again this long after its claim if its worker died (must cover a batch's timeouts). */
  WEBHOOK_LEASE_MS: positiveIntFromEnv.default(5 * MINUTE_MS),
  /** Poll of the outbox and of due deliveries when idle. */
  WEBHOOK_POLL_MS: positiveIntFromEnv.default(100),
  /** Retry delay: full-jitter exponential from this base, doubling per attempt, capped. */
  WEBHOOK_RETRY_BASE_MS: positiveIntFromEnv.default(5_000),
  WEBHOOK_RETRY_MAX_MS: positiveIntFromEnv.default(2 * HOUR_MS),
  /** A delivery is retried this long after its event, then marked failed. */
  WEBHOOK_RETRY_WINDOW_MS: positiveIntFromEnv.default(24 * HOUR_MS),
  /** An endpoint whose every delivery failed for this long is disabled, with the reason. */
  WEBHOOK_DISABLE_AFTER_MS: positiveIntFromEnv.default(24 * HOUR_MS),
  /** `order.hold_expiring` is sent this long before a hold's `paymentRequiredBy`. */
  WEBHOOK_HOLD_EXPIRING_LEAD_MS: positiveIntFromEnv.default(5 * MINUTE_MS),
  WEBHOOK_MAX_ENDPOINTS_PER_TENANT: positiveIntFromEnv.max(1_000).default(20),
};

/** The lease must outlast the worst case of one claim: every delivery of an endpoint's batch timing out. */
export function checkWebhookLease(config: {
  WEBHOOK_LEASE_MS: number;
  WEBHOOK_TIMEOUT_MS: number;
  WEBHOOK_BATCH_PER_ENDPOINT: number;
}): string | undefined {
  const worst = config.WEBHOOK_TIMEOUT_MS * config.WEBHOOK_BATCH_PER_ENDPOINT;
  return config.WEBHOOK_LEASE_MS > worst
    ? undefined
    : `WEBHOOK_LEASE_MS (${config.WEBHOOK_LEASE_MS}) must exceed WEBHOOK_TIMEOUT_MS x WEBHOOK_BATCH_PER_ENDPOINT (${worst})`;
}
