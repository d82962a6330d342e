import { verifyWebhook } from '@fareflow/shared';
import type { FastifyInstance } from 'fastify';

import { webhookEventTypes } from '../../src/domain/webhook-events';
import { cancelOrder } from '../../src/use-cases/cancel-order';
import { changeOrder } from '../../src/use-cases/change-order';
import { sweepOnce } from '../../src/use-cases/sweep-orders';
import type { WebhookDispatcher } from '../../src/workers/webhook-dispatcher';
import { createOrderHarness, holdOrder, instantOrder, type OrderHarness, statusOf } from '../support/order-harness';
import { eventually } from '../support/order-stack';
import { buildWebhookApp, createWebhookKey, registerEndpoint, startTestDispatcher } from '../support/webhook-harness';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

jest.setTimeout(120_000);

const OUT = 'LH400-2026-12-20-FRA-JFK';
const CHEAPER = 'LH400-2026-12-21-FRA-JFK';
const LAST_SEAT = 'LH402-2026-12-20-FRA-JFK';
const HOLDS = 'LH404-2026-12-20-FRA-JFK';

describe('webhook events (real PostgreSQL, a real HTTP receiver)', () => {
  let h: OrderHarness;
  let web: { app: FastifyInstance; close(): Promise<void> };
  let receiver: WebhookReceiver;
  let dispatcher: WebhookDispatcher;
  const endpoints: Record<string, { id: string; secret: string }> = {};

  beforeAll(async () => {
    // Holds lapse after 1.5 s, and order.hold_expiring is due 1 s before: both happen within the test.
    h = await createOrderHarness({ holdTtlMs: 1_500 });
    await h.seedFlight(OUT, 50, '500.00');
    await h.seedFlight(CHEAPER, 50, '420.50');
    await h.seedFlight(LAST_SEAT, 1, '300.00', 1);
    await h.seedFlight(HOLDS, 50, '200.00');
    web = await buildWebhookApp(h);
    receiver = await startWebhookReceiver();
    endpoints.a = await registerEndpoint(web.app, await createWebhookKey(h, 'tenant-a'), receiver.url('/a'), [
      ...webhookEventTypes,
    ]);
    endpoints.b = await registerEndpoint(web.app, await createWebhookKey(h, 'tenant-b'), receiver.url('/b'), [
      ...webhookEventTypes,
    ]);
    dispatcher = startTestDispatcher(h, { holdExpiringLeadMs: 1_000 });
  });
  afterAll(async () => {
    await dispatcher.stop();
    await receiver.close();
    await web.close();
    await h.close();
  });

  async function processed(tenant: string, key: string, request = instantOrder(OUT)): Promise<string> {
    const orderId = await h.submit(tenant, key, request);
    await h.processor.process([orderId]);
    return orderId;
  }

  it('delivers every event type, each with a valid Standard Webhooks signature, to its own tenant only', async () => {
    const confirmed = await processed('tenant-a', 'confirmed');
    const changed = await processed('tenant-a', 'changed');
    await changeOrder(h.commands, 'tenant-a', changed, { itemNo: 1, flightId: CHEAPER });
    await cancelOrder(h.commands, 'tenant-a', confirmed);
    await processed('tenant-a', 'last-seat', instantOrder(LAST_SEAT));
    const oversold = await processed('tenant-a', 'oversold', instantOrder(LAST_SEAT));
    const failed = await processed('tenant-a', 'failed', instantOrder(LAST_SEAT));
    expect(await statusOf(h, oversold)).toBe('oversold');
    expect(await statusOf(h, failed)).toBe('failed');
    const held = await processed('tenant-a', 'held', holdOrder(HOLDS));
    expect(await statusOf(h, held)).toBe('held');
    const bOrder = await processed('tenant-b', 'b-confirmed');

    await eventually(async () => receiver.on('/a').some((entry) => entry.type === 'order.hold_expiring'), 10_000);
    await eventually(async () => {
      await sweepOnce({ ...h.commands, processor: h.processor, staleMs: 60_000, batchSize: 100 });
      return receiver.on('/a').some((entry) => entry.type === 'order.hold_expired');
    }, 10_000);
    await eventually(
      async () => webhookEventTypes.every((type) => receiver.on('/a').some((entry) => entry.type === type)),
      10_000,
    );

    for (const [path, secret] of [
      ['/a', endpoints.a?.secret ?? ''],
      ['/b', endpoints.b?.secret ?? ''],
    ] as const) {
      for (const entry of receiver.on(path)) {
        expect(verifyWebhook(secret, entry.headers, entry.body)).toEqual({ isValid: true });
      }
    }
    // Tenant B's endpoint got B's order only, tenant A's never saw it.
    await eventually(async () => receiver.on('/b').length >= 1);
    expect(receiver.on('/b').map((entry) => [entry.type, entry.data.orderId])).toEqual([['order.confirmed', bOrder]]);
    expect(receiver.on('/a').some((entry) => entry.data.orderId === bOrder)).toBe(false);
    expect(receiver.on('/a').find((entry) => entry.type === 'order.failed')?.data).toMatchObject({
      orderId: failed,
      status: 'failed',
      previousStatus: 'processing',
      failure: { code: 'NO_SEATS' },
    });
    const refunds = receiver.on('/a').filter((entry) => entry.type === 'refund.succeeded');
    expect(refunds.map((entry) => [entry.data.orderId, entry.data.amount]).sort()).toEqual(
      [
        [confirmed, '500'],
        [changed, '79.5'],
      ].sort(),
    );
    expect(receiver.on('/a').find((entry) => entry.type === 'order.changed')?.data).toMatchObject({
      orderId: changed,
      status: 'confirmed',
      change: { outcome: 'completed', newItemNos: [2] },
    });
  });

  it('a tampered body, a wrong secret or an old timestamp fails verification', async () => {
    await eventually(async () => receiver.on('/a').length > 0);
    const [entry] = receiver.on('/a');
    if (!entry) {
      throw new Error('nothing received');
    }
    const secret = endpoints.a?.secret ?? '';
    expect(verifyWebhook(secret, entry.headers, entry.body).isValid).toBe(true);
    expect(verifyWebhook(secret, entry.headers, entry.body.replace('"status":"', '"status":"x')).isValid).toBe(false);
    expect(verifyWebhook(endpoints.b?.secret ?? '', entry.headers, entry.body).isValid).toBe(false);
    const later = new Date(Date.now() + 10 * 60_000);
    expect(verifyWebhook(secret, entry.headers, entry.body, { now: later }).isValid).toBe(false);
  });
});
