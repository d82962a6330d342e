import type { FastifySchemaCompiler, FastifySchemaValidationError } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';

/**
 * The zod validator compiler, memoised for query strings: a query whose parameters are all plain
 * strings (the common case) is parsed once and its (frozen) result reused, so the hot path does
 * not re-run regexes and refinements for the same search. Our query schemas are pure functions of
 * their input, which is what makes this sound. Failures are not memoised (they are rare and must
 * report their own issues); the memo is bounded and drops its oldest entries first.
 */
export function createMemoizedValidatorCompiler(maxEntries: number): FastifySchemaCompiler<unknown> {
  return (route) => {
    const validate = validatorCompiler(route as Parameters<typeof validatorCompiler>[0]);
    if (route.httpPart !== 'querystring') {
      return validate;
    }
    const memo = new Map<string, { value: unknown }>();
    return (data: unknown) => {
      const key = keyOf(data, MAX_KEY_LENGTH);
      const hit = key === undefined ? undefined : memo.get(key);
      if (hit) {
        return hit;
      }
      const result = validate(data) as { value?: unknown; error?: Error | FastifySchemaValidationError[] };
      if (key === undefined || result.error !== undefined) {
        return result;
      }
      const entry = Object.freeze({ value: Object.freeze(result.value) });
      memo.set(key, entry);
      if (memo.size > maxEntries) {
        memo.delete(memo.keys().next().value as string);
      }
      return entry;
    };
  };
}

// Long queries (paging cursors) are validated every time: they are rarely repeated, and the memo stays small.
const MAX_KEY_LENGTH = 300;

/** `undefined` unless every value is a string and the whole is short (others are validated every time). */
function keyOf(data: unknown, maxLength: number): string | undefined {
  if (typeof data !== 'object' || data === null) {
    return undefined;
  }
  let key = '';
  for (const name in data) {
    const value = (data as Record<string, unknown>)[name];
    if (typeof value !== 'string') {
      return undefined;
    }
    key += `${name.length}:${name}=${value.length}:${value};`;
    if (key.length > maxLength) {
      return undefined;
    }
  }
  return key;
}
