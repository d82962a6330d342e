import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Standard Webhooks 1.0 signatures (https://www.standardwebhooks.com): the sender signs
 * `${webhook-id}.${webhook-timestamp}.${body}` with HMAC-SHA256 under the endpoint's secret and sends
 * `webhook-signature: v1,<base64>` (several space-separated signatures are allowed during a secret
 * rotation). Secrets are shown as `whsec_<base64 of the key bytes>`. Used by the order service's
 * delivery worker (signing) and by `fareflow webhooks listen` and tests (verifying).
 */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

export interface WebhookHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/** A new endpoint secret: 32 random bytes, `whsec_`-prefixed base64. */
export const generateWebhookSecret = (): string => `${WEBHOOK_SECRET_PREFIX}${randomBytes(32).toString('base64')}`;

/** The HMAC key bytes of a `whsec_` secret (a secret without the prefix is taken as base64 too). */
export function webhookSecretKey(secret: string): Buffer {
  const encoded = secret.startsWith(WEBHOOK_SECRET_PREFIX) ? secret.slice(WEBHOOK_SECRET_PREFIX.length) : secret;
  const key = Buffer.from(encoded, 'base64');
  if (key.length < 16) {
    throw new Error('a webhook secret is whsec_ followed by at least 16 bytes of base64');
  }
  return key;
}

/** `v1,<base64 HMAC-SHA256 of id.timestamp.body>`. */
export function signWebhook(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac('sha256', webhookSecretKey(secret)).update(`${id}.${timestampSeconds}.${body}`).digest();
  return `v1,${mac.toString('base64')}`;
}

/** The three headers of one delivery attempt (the timestamp is the attempt's, the id the event's). */
export function webhookHeaders(secret: string, id: string, body: string, now: Date = new Date()): WebhookHeaders {
  const timestamp = Math.floor(now.getTime() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signWebhook(secret, id, timestamp, body),
  };
}

export type WebhookVerification = { isValid: true } | { isValid: false; reason: string };

/**
 * Checks a received request: the timestamp within `toleranceSeconds` of now (replays of old requests
 * fail) and one of the `v1` signatures equal, compared in constant time. `body` must be the raw bytes
 * as received, before any JSON parsing.
 */
export function verifyWebhook(
  secret: string,
  headers: Partial<Record<string, string | string[] | undefined>>,
  body: string,
  options: { now?: Date; toleranceSeconds?: number } = {},
): WebhookVerification {
  const id = single(headers['webhook-id']);
  const timestamp = single(headers['webhook-timestamp']);
  const signatures = single(headers['webhook-signature']);
  if (!id || !timestamp || !signatures) {
    return { isValid: false, reason: 'missing webhook-id, webhook-timestamp or webhook-signature' };
  }
  const seconds = Number(timestamp);
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (!/^\d+$/.test(timestamp) || Math.abs(nowSeconds - seconds) > (options.toleranceSeconds ?? 300)) {
    return { isValid: false, reason: `timestamp ${timestamp} is not within tolerance of now (${nowSeconds})` };
  }
  const expected = Buffer.from(signWebhook(secret, id, seconds, body).slice(3), 'base64');
  const matches = signatures.split(' ').some((entry) => {
    const [version, value] = entry.split(',', 2);
    const given = Buffer.from(value ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? { isValid: true } : { isValid: false, reason: 'no v1 signature matches' };
}

const single = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);
