import type { FastifyInstance } from 'fastify';

import type { WebhookDispatcher } from '../../src/workers/webhook-dispatcher';
import { createOrderHarness, instantOrder, type OrderHarness, statusOf } from '../support/order-harness';
import { eventually } from '../support/order-stack';
import { buildWebhookApp, createWebhookKey, registerEndpoint, startTestDispatcher } from '../support/webhook-harness';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

jest.setTimeout(120_000);

const FLIGHT = 'AF006-2026-12-20-CDG-JFK';

describe('webhook delivery: retries, slow receivers, disabling (real PostgreSQL, a real HTTP receiver)', () => {
  let h: OrderHarness;
  let web: { app: FastifyInstance; close(): Promise<void> };
  let receiver: WebhookReceiver;
  let dispatcher: WebhookDispatcher;

  beforeAll(async () => {
    h = await createOrderHarness();
    await h.seedFlight(FLIGHT, 500, '300.00');
    web = await buildWebhookApp(h);
    receiver = await startWebhookReceiver((path, nth) => {
      if (path === '/flaky') {
        return nth <= 3 ? 500 : 200;
      }
      return path === '/hang' ? 'hang' : path === '/down' ? 503 : 200;
    });
    // A hung receiver is cut off after 30 s: far beyond this test, so it holds its slot throughout.
    dispatcher = startTestDispatcher(h, { timeoutMs: 30_000, concurrency: 3, disableAfterMs: 2_000 });
  });
  afterAll(async () => {
    await receiver.close();
    await dispatcher.stop();
    await web.close();
    await h.close();
  });

  const confirmedOrder = async (tenant: string, key: string) => {
    const orderId = await h.submit(tenant, key, instantOrder(FLIGHT));
    await h.processor.process([orderId]);
    return orderId;
  };
  const deliveriesOf = async (token: string, id: string) => {
    const response = await web.app.inject({
      method: 'GET',
      url: `/v1/webhooks/${id}/deliveries`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(response.statusCode).toBe(200);
    return response.json<{
      deliveries: { id: string; status: string; attempts: number; attemptLog: { statusCode?: number }[] }[];
    }>().deliveries;
  };

  it('a receiver answering 500 three times then 200 gets the event once more after each failure, then no more', async () => {
    const token = await createWebhookKey(h, 'flaky-co');
    const endpoint = await registerEndpoint(web.app, token, receiver.url('/flaky'), ['order.confirmed']);
    const orderId = await confirmedOrder('flaky-co', 'flaky-1');
    await eventually(async () => (await deliveriesOf(token, endpoint.id))[0]?.status === 'succeeded');
    // Ten more backoff periods (at most 100 ms each here): nothing more arrives.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const received = receiver.on('/flaky');
    expect(received).toHaveLength(4);
    expect(new Set(received.map((entry) => entry.headers['webhook-id'])).size).toBe(1);
    expect(new Set(received.map((entry) => entry.body)).size).toBe(1);
    expect(received[0]?.data.orderId).toBe(orderId);
    const [delivery] = await deliveriesOf(token, endpoint.id);
    expect(delivery).toMatchObject({ status: 'succeeded', attempts: 4 });
    expect(delivery?.attemptLog.map((attempt) => attempt.statusCode)).toEqual([200, 500, 500, 500]);

    const redelivered = await web.app.inject({
      method: 'POST',
      url: `/v1/webhooks/${endpoint.id}/deliveries/${delivery?.id ?? ''}/redeliver`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(redelivered.statusCode).toBe(202);
    await eventually(async () => receiver.on('/flaky').length === 5);
    expect(receiver.on('/flaky')[4]?.headers['webhook-id']).toBe(received[0]?.headers['webhook-id']);
  });

  it('a receiver that hangs holds one slot: orders settle and other endpoints get their events meanwhile', async () => {
    const hangToken = await createWebhookKey(h, 'hang-co');
    await registerEndpoint(web.app, hangToken, receiver.url('/hang'), ['order.confirmed']);
    const okToken = await createWebhookKey(h, 'ok-co');
    await registerEndpoint(web.app, okToken, receiver.url('/ok'), ['order.confirmed']);
    const hung = await Promise.all(Array.from({ length: 20 }, (_, n) => confirmedOrder('hang-co', `hang-${n}`)));
    await eventually(async () => receiver.on('/hang').length >= 1);
    const fine = await Promise.all(Array.from({ length: 20 }, (_, n) => confirmedOrder('ok-co', `ok-${n}`)));
    for (const orderId of [...hung, ...fine]) {
      expect(await statusOf(h, orderId)).toBe('confirmed');
    }
    await eventually(async () => receiver.on('/ok').length === 20);
    // The hung receiver got its first event only: the rest of its batch waits behind the open request.
    expect(receiver.on('/hang')).toHaveLength(1);
  });

  it('an endpoint failing for longer than the disable limit is disabled with the reason; enable brings it back', async () => {
    const token = await createWebhookKey(h, 'down-co');
    const endpoint = await registerEndpoint(web.app, token, receiver.url('/down'), ['order.confirmed']);
    await confirmedOrder('down-co', 'down-1');
    const show = async () =>
      (
        await web.app.inject({
          method: 'GET',
          url: `/v1/webhooks/${endpoint.id}`,
          headers: { authorization: `Bearer ${token}` },
        })
      ).json<{ status: string; disabledReason?: string }>();
    await eventually(async () => (await show()).status === 'disabled');
    expect((await show()).disabledReason).toMatch(/every delivery failed since .*; last failure: HTTP 503/);
    expect((await deliveriesOf(token, endpoint.id))[0]).toMatchObject({ status: 'failed' });
    const ping = await web.app.inject({
      method: 'POST',
      url: `/v1/webhooks/${endpoint.id}/ping`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(ping.statusCode).toBe(409);
    const enabled = await web.app.inject({
      method: 'POST',
      url: `/v1/webhooks/${endpoint.id}/enable`,
      headers: { authorization: `Bearer ${token}` },
    });
    expect(enabled.json()).toMatchObject({ status: 'active' });
  });
});
