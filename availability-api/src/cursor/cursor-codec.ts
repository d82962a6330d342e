import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

import { ValidationError } from '@fareflow/shared';
import { z } from 'zod';

import type { SortKey } from '../domain/ordering';

/**
 * Opaque paging cursors: the last item's sort key and a fingerprint of the query, signed with
 * HMAC-SHA256. A cursor cannot be forged, edited, or replayed against another query; the store's
 * own paging state never leaves the process.
 */
export interface CursorCodec {
  encode(query: string, after: SortKey): string;
  /** Throws ValidationError('cursor') for anything not minted by `encode` for this same query. */
  decode(query: string, cursor: string): SortKey;
}

const CURSOR_PATTERN = /^([A-Za-z0-9_-]{8,1400})\.([A-Za-z0-9_-]{22})$/;
const payloadSchema = z.object({
  v: z.literal(1),
  q: z.string().length(16),
  k: z.tuple([z.string().max(200), z.string().max(200), z.string().max(400)]),
});

export function createCursorCodec(secret: string): CursorCodec {
  const sign = (payload: string) => createHmac('sha256', secret).update(payload).digest().subarray(0, 16);
  const fingerprint = (query: string) => createHash('sha256').update(query).digest('hex').slice(0, 16);
  const invalid = (reason: string) => new ValidationError('cursor', `is not a valid cursor for this query (${reason})`);

  return {
    encode(query, after) {
      const payload = Buffer.from(JSON.stringify({ v: 1, q: fingerprint(query), k: after })).toString('base64url');
      return `${payload}.${sign(payload).toString('base64url')}`;
    },
    decode(query, cursor) {
      const match = CURSOR_PATTERN.exec(cursor);
      if (!match?.[1] || !match[2]) {
        throw invalid('malformed');
      }
      // Compare the text, not decoded bytes: base64 has several spellings of the same bytes, and a
      // cursor must have exactly one.
      const given = Buffer.from(match[2]);
      const expected = Buffer.from(sign(match[1]).toString('base64url'));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
        throw invalid('bad signature');
      }
      const parsed = payloadSchema.safeParse(parseJson(Buffer.from(match[1], 'base64url').toString('utf8')));
      if (!parsed.success) {
        throw invalid('malformed');
      }
      if (parsed.data.q !== fingerprint(query)) {
        throw invalid('it belongs to another query');
      }
      return parsed.data.k;
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
