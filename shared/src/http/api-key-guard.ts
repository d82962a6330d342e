import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';

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
  requireScope(scope: ApiScope): preHandlerAsyncHookHandler[];
}

const BEARER = /^Bearer ([^\s]+)$/i;

/** Registers `@fastify/rate-limit` (route-level only) on `app` and returns the guard factory. */
export async function createApiKeyGuard(app: FastifyInstance, options: ApiKeyGuardOptions): Promise<ApiKeyGuard> {
  const windowMs = options.rateLimitWindowMs ?? 60_000;
  const findPrincipal = createPrincipalCache({
    lookup: options.findPrincipal,
    ttlMs: options.principalCacheTtlMs ?? 5_000,
    maxEntries: options.principalCacheMaxEntries ?? 10_000,
  });
  if (!app.hasRequestDecorator('principal')) {
    app.decorateRequest('principal', undefined);
  }
  await app.register(rateLimit, { global: false });
  const limitPerKey = app.rateLimit({
    timeWindow: windowMs,
    max: (request: FastifyRequest) =>
      Math.max(1, Math.floor(((request.principal?.rateLimitPerMinute ?? 1) * windowMs) / 60_000)),
    keyGenerator: (request: FastifyRequest) => `key:${request.principal?.keyId ?? request.ip}`,
    errorResponseBuilder: (_request, context) =>
      new HttpError(429, 'RATE_LIMITED', `rate limit of ${context.max} requests exceeded; retry in ${context.after}`),
  });

  const authenticate = async (request: FastifyRequest): Promise<ApiPrincipal> => {
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match?.[1]) {
      throw new HttpError(401, 'UNAUTHENTICATED', 'missing API key: send "Authorization: Bearer <key>"', 'authorization');
    }
    let principal: ApiPrincipal | undefined;
    try {
      principal = await findPrincipal(match[1]);
    } catch (error) {
      throw new RetryableError('AUTH_UNAVAILABLE', 'API keys cannot be checked right now', { cause: error });
    }
    if (!principal) {
      throw new HttpError(401, 'UNAUTHENTICATED', 'unknown or revoked API key', 'authorization');
    }
    return principal;
  };

  return {
    requireScope(scope) {
      const checkKey: preHandlerAsyncHookHandler = async (request, reply) => {
        const principal = await authenticate(request).catch((error: unknown) => {
          if (error instanceof HttpError && error.statusCode === 401) {
            void reply.header('www-authenticate', 'Bearer');
          }
          throw error;
        });
        if (!principal.scopes.includes(scope)) {
          throw new HttpError(403, 'FORBIDDEN', `this API key lacks the scope "${scope}"`, 'authorization');
        }
        request.principal = principal;
      };
      return [checkKey, limitPerKey as preHandlerAsyncHookHandler];
    },
  };
}
