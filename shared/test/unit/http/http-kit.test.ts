import Fastify, { type FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { z } from 'zod';

import {
  type ApiPrincipal,
  createApiKeyGuard,
  HttpError,
  registerErrorHandler,
  registerOperationalRoutes,
  RetryableError,
  toErrorResponse,
  ValidationError,
} from '../../../src';

const principal = (scopes: ApiPrincipal['scopes'], rateLimitPerMinute = 100): ApiPrincipal => ({
  keyId: `k${scopes.join('')}`.slice(0, 12),
  name: scopes.join(','),
  tenant: 't',
  scopes,
  rateLimitPerMinute,
});

const keys: Record<string, ApiPrincipal> = {
  reader: principal(['availability:read']),
  writer: principal(['orders:write']),
  slow: { ...principal(['availability:read'], 2), keyId: 'slowkey' },
};

async function buildApp(ready: () => Promise<void>): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  registerErrorHandler(app, { statusByCode: { SOLD_OUT: 409 } });
  registerOperationalRoutes(app, {
    registry: new Registry(),
    readinessChecks: { store: ready },
    readinessTimeoutMs: 50,
  });
  const guard = await createApiKeyGuard(app, { findPrincipal: (token) => Promise.resolve(keys[token]) });
  app.get('/read', { preHandler: guard.requireScope('availability:read') }, (request) => ({
    keyId: request.principal?.keyId,
  }));
  app.get('/zod', () => z.object({ origin: z.string() }).parse({ origin: 1 }));
  app.get('/bug', () => {
    throw new TypeError('secret detail');
  });
  app.get('/down', () => {
    throw new RetryableError('STORE_UNAVAILABLE', 'store is down');
  });
  await app.ready();
  return app;
}

describe('shared HTTP kit', () => {
  let app: FastifyInstance;
  let isReady = true;

  beforeAll(async () => {
    app = await buildApp(() => (isReady ? Promise.resolve() : new Promise<void>(() => undefined)));
  });
  afterAll(() => app.close());

  it('maps errors to status and the JSON body, never exposing a bug', () => {
    expect(toErrorResponse(new ValidationError('origin', 'bad'))).toMatchObject({
      statusCode: 400,
      body: { error: { code: 'VALIDATION', field: 'origin' } },
    });
    expect(toErrorResponse(new HttpError(404, 'NOT_FOUND', 'gone')).statusCode).toBe(404);
    expect(toErrorResponse(new RetryableError('X', 'down')).statusCode).toBe(503);
    expect(toErrorResponse(new TypeError('boom')).body).toEqual({
      error: { code: 'INTERNAL', message: 'internal error' },
    });
  });

  it('answers 401 without a key or with an unknown one, 403 on a wrong scope, 200 with the scope', async () => {
    const missing = await app.inject({ url: '/read' });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    expect(missing.json()).toMatchObject({ error: { code: 'UNAUTHENTICATED', field: 'authorization' } });
    expect((await app.inject({ url: '/read', headers: { authorization: 'Bearer nope' } })).statusCode).toBe(401);
    const wrongScope = await app.inject({ url: '/read', headers: { authorization: 'Bearer writer' } });
    expect(wrongScope.statusCode).toBe(403);
    expect(wrongScope.json()).toMatchObject({ error: { code: 'FORBIDDEN' } });
    const ok = await app.inject({ url: '/read', headers: { authorization: 'Bearer reader' } });
    expect(ok.json()).toEqual({ keyId: keys['reader']?.keyId });
  });

  it('rate-limits per key with 429 and Retry-After, without touching other keys', async () => {
    const send = (token: string) => app.inject({ url: '/read', headers: { authorization: `Bearer ${token}` } });
    expect((await send('slow')).statusCode).toBe(200);
    expect((await send('slow')).statusCode).toBe(200);
    const limited = await send('slow');
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    expect((await send('reader')).statusCode).toBe(200);
  });

  it('turns zod errors into 400 naming the field, bugs into 500 without detail, outages into 503', async () => {
    const zodFailure = await app.inject({ url: '/zod' });
    expect(zodFailure.statusCode).toBe(400);
    expect(zodFailure.json()).toMatchObject({ error: { field: 'origin' } });
    const bug = await app.inject({ url: '/bug' });
    expect(bug.statusCode).toBe(500);
    expect(bug.body).not.toContain('secret');
    const down = await app.inject({ url: '/down' });
    expect(down.statusCode).toBe(503);
    expect(down.headers['retry-after']).toBe('1');
    expect((await app.inject({ url: '/nope' })).json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
  });

  it('serves healthz always and readyz 503 when a check hangs', async () => {
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);
    isReady = false;
    const notReady = await app.inject({ url: '/readyz' });
    expect(notReady.statusCode).toBe(503);
    expect(notReady.json()).toMatchObject({ status: 'not_ready', checks: { store: { ok: false } } });
    expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
    expect((await app.inject({ url: '/metrics' })).body).toContain('http_request_duration_seconds');
  });
});
