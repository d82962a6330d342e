import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/**
 * Encrypts endpoint secrets at rest. HMAC signing needs the secret itself (a hash would not do), so
 * it is stored as AES-256-GCM ciphertext, with the endpoint id as associated data: a row copied onto
 * another endpoint does not decrypt. A database dump or backup alone cannot sign webhooks.
 */
export interface WebhookSecretBox {
  seal(endpointId: string, secret: string): string;
  open(endpointId: string, sealed: string): string;
}

const VERSION = 'v1';

/** `keyMaterial`: WEBHOOK_SECRET_KEY, or OFFER_SECRET when that is not set (the key is derived by HKDF). */
export function createWebhookSecretBox(keyMaterial: string): WebhookSecretBox {
  const key = Buffer.from(hkdfSync('sha256', keyMaterial, 'fareflow', 'webhook endpoint secrets v1', 32));
  return {
    seal(endpointId, secret) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(endpointId));
      const sealed = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
      return [VERSION, ...[iv, cipher.getAuthTag(), sealed].map((part) => part.toString('base64url'))].join('.');
    },
    open(endpointId, sealed) {
      const [version, iv, tag, data] = sealed.split('.');
      if (version !== VERSION || !iv || !tag || !data) {
        throw new Error('webhook secret: unknown format');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'))
        .setAAD(Buffer.from(endpointId))
        .setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    },
  };
}
