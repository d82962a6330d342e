import Fastify, { type FastifyInstance } from 'fastify';

import {
  type ApiPrincipal,
  createApiKeyGuard,
  createUnsafeTextGuard,
  findUnsafeText,
  isSafeText,
  registerErrorHandler,
} from '../../../src';

const writer: ApiPrincipal = {
  keyId: 'kwriter',
  name: 'writer',
  tenant: 't',
  scopes: ['orders:write'],
  rateLimitPerMinute: 100,
};

async function buildApp(): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  registerErrorHandler(app);
  app.addHook('preValidation', createUnsafeTextGuard({ headers: ['idempotency-key'] }));
  const guard = await createApiKeyGuard(app, {
    findPrincipal: (token) => Promise.resolve(token === 'writer' ? writer : undefined),
  });
  const schema = {
    body: {
      type: 'object',
      required: ['name'],
      properties: { name: { type: 'string' } },
      additionalProperties: false,
    },
  };
  // Listed the way availability-api's routes list it: under preHandler. The guard moves itself to onRequest.
  app.post('/pre-handler', { preHandler: guard.requireScope('orders:write'), schema }, () => ({ ok: true }));
  app.post('/on-request', { onRequest: guard.requireScope('orders:write'), schema }, () => ({ ok: true }));
  app.post('/pre-validation', { preValidation: [guard.requireScope('orders:read')].flat(), schema }, () => ({
    ok: true,
  }));
  return app;
}

describe('edge order: key and scope first, then the body, then its text', () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp();
  });
  afterAll(() => app.close());

  const post = (url: string, payload: string, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url, payload, headers: { 'content-type': 'application/json', ...headers } });

  it.each(['/pre-handler', '/on-request'])('%s: 401 without a key, whatever the body', async (url) => {
    for (const payload of ['{', '{"name": 5}', '{"name":"a\\u0000"}', 'x'.repeat(2_000_000)]) {
      const response = await post(url, payload);
      expect(response.statusCode).toBe(401);
      expect(response.json().error).toMatchObject({ code: 'UNAUTHENTICATED', field: 'authorization' });
    }
    const wrongType = await app.inject({
      method: 'POST',
      url,
      payload: '<a/>',
      headers: { 'content-type': 'text/xml' },
    });
    expect(wrongType.statusCode).toBe(401);
  });

  it('403 on the wrong scope before the body is looked at', async () => {
    const response = await post('/pre-validation', '{', { authorization: 'Bearer writer' });
    expect(response.statusCode).toBe(403);
  });

  it('with the key: 400 for bad JSON, 415 for another type, 400 naming a field with a control character', async () => {
    const auth = { authorization: 'Bearer writer' };
    expect((await post('/pre-handler', '{', auth)).statusCode).toBe(400);
    const xml = await app.inject({
      method: 'POST',
      url: '/pre-handler',
      payload: '<a/>',
      headers: { ...auth, 'content-type': 'text/xml' },
    });
    expect(xml.statusCode).toBe(415);
    const control = await post('/pre-handler', '{"name":"a\\u0000"}', auth);
    expect(control.statusCode).toBe(400);
    expect(control.json().error).toMatchObject({ code: 'VALIDATION', field: 'name' });
    const header = await post('/pre-handler', '{"name":"a"}', { ...auth, 'idempotency-key': 'k\u0085' });
    expect(header.json().error).toMatchObject({ code: 'VALIDATION', field: 'idempotency-key' });
    expect((await post('/pre-handler', '{"name":"a"}', auth)).json()).toEqual({ ok: true });
  });
});

describe('safe text', () => {
  it('refuses C0, DEL, C1 and lone surrogates, accepts any script and surrogate pairs', () => {
    for (const bad of [
      '\u0000',
      'a\tb',
      'a\nb',
      '\u001f',
      '\u007f',
      '\u0080',
      '\u009f',
      '\ud800',
      'x\udfff',
      '\udc00\ud800',
    ]) {
      expect([bad, isSafeText(bad)]).toEqual([bad, false]);
    }
    for (const good of ['', 'Zoë Ñúñez', 'Ø', '東京', '🛫✈️', '\u00a0', 'tok_visa', '\ud83d\ude00']) {
      expect([good, isSafeText(good)]).toEqual([good, true]);
    }
  });

  it('names the first offending value or key in document order, and refuses deep nesting', () => {
    expect(findUnsafeText({ a: 'ok', items: [{ b: 'ok' }, { c: 'x\u0000' }], z: '\u0001' })).toEqual({
      field: 'items.1.c',
      reason: 'unsafe',
    });
    expect(findUnsafeText({ ok: 1, ['k\u0000']: 'v' })).toEqual({ field: 'k\u0000', reason: 'unsafe' });
    expect(findUnsafeText('\u0000')).toEqual({ field: 'body', reason: 'unsafe' });
    expect(findUnsafeText({ a: [1, true, null, 'ok'] })).toBeUndefined();
    let deep: unknown = 'leaf';
    for (let level = 0; level < 100_000; level += 1) {
      deep = [deep];
    }
    expect(findUnsafeText({ deep })).toMatchObject({ reason: 'too_deep' });
  });
});
