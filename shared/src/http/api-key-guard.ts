import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest, onRequestHookHandler, RouteOptions } from 'fastify';

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
   * `onRequest` hooks for a route: bearer key -> principal (401 when missing, unknown or revoked),
   * scope check (403), then the key's rate limit (429 with Retry-After). They run before the body is
   * parsed and validated, so a caller without the right key learns nothing about the route's input
   * (401/403 whatever the body). Given as `preHandler` or `preValidation` instead, they are moved to
   * `onRequest` when the route is registered.
   */
  requireScope(scope: ApiScope): onRequestHookHandler[];
}

// Real keys are ~60 visible ASCII characters; anything else (longer, control characters) is refused before it
// can reach a cache or the database.
const BEARER = /^Bearer ([\x21-\x7e]{1,256})$/i;

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
  }) as onRequestHookHandler;
  const guardHooks = new WeakSet<onRequestHookHandler>([limitPerKey]);
  app.addHook('onRoute', (route) => moveGuardHooksToOnRequest(route, guardHooks));

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
      const checkKey: onRequestHookHandler = (request, reply, done) => {
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
      guardHooks.add(checkKey);
      return [checkKey, limitPerKey];
    },
  };
}

type HookOption = RouteOptions['onRequest'];

/**
 * Authentication must come before body parsing and validation; a route that lists the guard's hooks
 * under a later phase gets them moved to the front of its `onRequest` hooks, in their order.
 */
function moveGuardHooksToOnRequest(route: RouteOptions, guardHooks: WeakSet<onRequestHookHandler>): void {
  const moved: onRequestHookHandler[] = [];
  const take = (hooks: unknown): unknown => {
    if (hooks === undefined) {
      return undefined;
    }
    const list = (Array.isArray(hooks) ? hooks : [hooks]) as onRequestHookHandler[];
    const kept = list.filter((hook) => {
      const isGuard = guardHooks.has(hook);
      if (isGuard) {
        moved.push(hook);
      }
      return !isGuard;
    });
    return kept.length === list.length ? hooks : kept;
  };
  const preValidation = take(route.preValidation);
  const preHandler = take(route.preHandler);
  if (moved.length === 0) {
    return;
  }
  route.preValidation = preValidation as RouteOptions['preValidation'];
  route.preHandler = preHandler as RouteOptions['preHandler'];
  const onRequest = (route.onRequest === undefined ? [] : [route.onRequest].flat()) as onRequestHookHandler[];
  route.onRequest = [...moved, ...onRequest] as HookOption;
}
