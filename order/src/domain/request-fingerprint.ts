import { createHash } from 'node:crypto';

/**
 * SHA-256 of a JSON value with object keys sorted, so that two bodies that mean the same
 * (keys in another order, other whitespace) have the same fingerprint. Used for Idempotency-Key:
 * the same key with a different fingerprint is a conflict.
 */
export function fingerprintRequest(value: unknown): Buffer {
  return createHash('sha256').update(canonicalJson(value)).digest();
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, child]) => child !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, child]) => `${JSON.stringify(key)}:${canonicalJson(child)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
