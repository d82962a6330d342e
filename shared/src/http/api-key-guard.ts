import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';

import type { ApiPrincipal, ApiScope } from '../auth';
import { RetryableError } from '../errors';
import { HttpError } from './http-error';
import { createPrincipalCache, type PrincipalLookup } from './principal-cache';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the API-key guard on routes that require a scope. */
    principal?: ApiPrincipal;
  }
}

export interface ApiKeyGuardOptions {
  /** Wire to `(token) => findPrincipalByToken(pool, token)`. */
  findPrincipal: PrincipalLookup;
  /** A revoked key keeps working for at most this long (lookups are cached). Default 5 s; 0 disables. */
  principalCacheTtlMs?: number;
  principalCacheMaxEntries?: number;
  /** Window of the per-key limit; the limit itself is the key's `rateLimitPerMinute`, scaled. Default 60 s. */
  rateLimitWindowMs?: number;
}

export interface ApiKeyGuard {
  /**
   * `preHandler` hooks for a route: bearer key -> principal (401 when missing, unknown or revoked),
   * scope check (403), then the key's rate limit (429 with Retry-After).
   */
  requireScope(scope: ApiScope): preHandlerHookHandler[];
}

// Real keys are ~60 characters; anything far longer is refused before it can reach a cache or the database.
const BEARER = /^Bearer ([^\s]{1,256})$/i;

const unauthenticated = (reply: FastifyReply, message: string) => {
  void reply.header('www-authenticate', 'Bearer');
  return new HttpError(401, 'UNAUTHENTICATED', message, 'authorization');
};

/** Registers `@fastify/rate-limit` (route-level only) on `app` and returns the guard factory. */
export async function createApiKeyGuard(app: FastifyInstance, options: ApiKeyGuardOptions): Promise<ApiKeyGuard> {
  const windowMs = options.rateLimitWindowMs ?? 60_000;
  const principals = createPrincipalCache({
    lookup: options.findPrincipal,
    ttlMs: options.principalCacheTtlMs ?? 5_000,
    maxEntries: options.principalCacheMaxEntries ?? 10_000,
  });
  if (!app.hasRequestDecorator('principal')) {
    app.decorateRequest('principal', undefined);
  }
  await app.register(rateLimit, {
    global: false,
    // Only the 429 carries headers (Retry-After and the limit): the hot path stays lean.
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
  });
  const limitPerKey = app.rateLimit({
    timeWindow: windowMs,
    max: (request: FastifyRequest) =>
      Math.max(1, Math.floor(((request.principal?.rateLimitPerMinute ?? 1) * windowMs) / 60_000)),
    keyGenerator: (request: FastifyRequest) => `key:${request.principal?.keyId ?? request.ip}`,
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, 'RATE_LIMITED', `rate limit of ${context.max} requests exceeded; retry in ${context.after}`),
  }) as preHandlerHookHandler;

  return {
    requireScope(scope) {
      const admit = (request: FastifyRequest, reply: FastifyReply, principal: ApiPrincipal | undefined) => {
        if (!principal) {
          return unauthenticated(reply, 'unknown or revoked API key');
        }
        if (!principal.scopes.includes(scope)) {
          return new HttpError(403, 'FORBIDDEN', `this API key lacks the scope "${scope}"`, 'authorization');
        }
        request.principal = principal;
        return undefined;
      };
      // Callback style on purpose: a cached key is admitted without a promise or a microtask.
      const checkKey: preHandlerHookHandler = (request, reply, done) => {
        const token = BEARER.exec(request.headers.authorization ?? '')?.[1];
        if (!token) {
          done(unauthenticated(reply, 'missing API key: send "Authorization: Bearer <key>"'));
          return;
        }
        const cached = principals.peek(token);
        if (cached) {
          done(admit(request, reply, cached.principal));
          return;
        }
        principals.lookup(token).then(
          (principal) => done(admit(request, reply, principal)),
          (error: unknown) =>
            done(new RetryableError('AUTH_UNAVAILABLE', 'API keys cannot be checked right now', { cause: error })),
        );
      };
      return [checkKey, limitPerKey];
    },
  };
}
