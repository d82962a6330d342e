import type { FastifyRequest, preValidationHookHandler } from 'fastify';
import { z } from 'zod';

import { HttpError } from './http-error';

// C0 (incl. NUL, tab, newline), DEL and C1 controls; then a high surrogate without its low half, or a low one alone.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const UNSAFE_TEXT_MESSAGE = 'must not contain control characters or unpaired surrogates';

/** True when `text` has no control character (C0, DEL, C1) and no lone UTF-16 surrogate. */
export function isSafeText(text: string): boolean {
  return !CONTROL.test(text) && !LONE_SURROGATE.test(text);
}

/** A string that refuses control characters and lone surrogates (free-text fields: tokens, notes...). */
export const safeText = () => z.string().refine(isSafeText, UNSAFE_TEXT_MESSAGE);

/** How deep `findUnsafeText` looks; deeper input is reported as too deep (no real request nests this far). */
export const MAX_INPUT_DEPTH = 32;

export type UnsafeTextFinding = { field: string; reason: 'unsafe' | 'too_deep' };

/**
 * The first string (value or key) in `value` that is not safe text, as a dotted path (`items.0.passengers.1.givenName`),
 * or a value nested deeper than `maxDepth`. Iterative, so hostile nesting cannot exhaust the stack.
 */
export function findUnsafeText(
  value: unknown,
  basePath: string[] = [],
  maxDepth = MAX_INPUT_DEPTH,
): UnsafeTextFinding | undefined {
  const stack: { value: unknown; path: string[] }[] = [{ value, path: basePath }];
  while (stack.length > 0) {
    const next = stack.pop() as { value: unknown; path: string[] };
    const fieldOf = (path: string[]) => path.join('.') || 'body';
    if (typeof next.value === 'string') {
      if (!isSafeText(next.value)) {
        return { field: fieldOf(next.path), reason: 'unsafe' };
      }
      continue;
    }
    if (typeof next.value !== 'object' || next.value === null) {
      continue;
    }
    if (next.path.length - basePath.length >= maxDepth) {
      return { field: fieldOf(next.path), reason: 'too_deep' };
    }
    const entries = Array.isArray(next.value)
      ? next.value.map((item, index) => [String(index), item] as const)
      : Object.entries(next.value);
    // Reversed so that the first offending field in document order is the one reported.
    for (let index = entries.length - 1; index >= 0; index -= 1) {
      const [key, child] = entries[index] as readonly [string, unknown];
      const path = [...next.path, key];
      if (!isSafeText(key)) {
        return { field: fieldOf(path), reason: 'unsafe' };
      }
      stack.push({ value: child, path });
    }
  }
  return undefined;
}

/**
 * A `preValidation` hook refusing, with a 400 naming the field, any control character or lone
 * surrogate in the route's params, query string, body (values and keys) or the named headers, and
 * any body nested deeper than `MAX_INPUT_DEPTH`. It runs after the API-key guard (`onRequest`) and
 * before the route's zod schemas, so no such text reaches a use case or PostgreSQL (which refuses NUL).
 */
export function createUnsafeTextGuard(options: { headers: readonly string[] }): preValidationHookHandler {
  const headers = options.headers.map((name) => name.toLowerCase());
  return (request: FastifyRequest, _reply, done) => {
    const finding =
      findUnsafeText(request.params, []) ??
      findUnsafeText(request.query, []) ??
      findUnsafeHeader(request, headers) ??
      findUnsafeText(request.body, []);
    if (!finding) {
      done();
      return;
    }
    const message =
      finding.reason === 'unsafe'
        ? `${finding.field}: ${UNSAFE_TEXT_MESSAGE}`
        : `${finding.field}: nested deeper than ${MAX_INPUT_DEPTH} levels`;
    done(new HttpError(400, 'VALIDATION', message, finding.field));
  };
}

function findUnsafeHeader(request: FastifyRequest, names: readonly string[]): UnsafeTextFinding | undefined {
  for (const name of names) {
    const value = request.headers[name];
    const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
    if (values.some((text) => !isSafeText(text))) {
      return { field: name, reason: 'unsafe' };
    }
  }
  return undefined;
}
