import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

import { createAmqpConnection, createTopology, repositoryRoot, verifyWebhook } from '@fareflow/shared';
import { TEST_AMQP_URL, TEST_DATABASE_URL, uniqueName } from '@fareflow/shared/test/support/test-resources';

import { createEndpoint } from '../../src/use-cases/webhook-endpoints';
import { createOrderHarness, type OrderHarness } from '../support/order-harness';
import { eventually, orderStackQueues } from '../support/order-stack';
import { TEST_WEBHOOK_KEY, webhookCommandDeps } from '../support/webhook-harness';
import { startWebhookReceiver, type WebhookReceiver } from '../support/webhook-receiver';

jest.setTimeout(120_000);

const EVENTS = 200;
const ENDPOINTS = 4;

describe('webhook delivery worker killed with SIGKILL mid-batch', () => {
  let h: OrderHarness;
  let receiver: WebhookReceiver;
  const prefix = uniqueName('t-hookcrash-');
  const children: ChildProcess[] = [];
  const secrets = new Map<string, string>();

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repositoryRoot, 'order/src/index.ts')], {
      cwd: repositoryRoot,
      env: {
        ...process.env,
        ORDER_ROLES: 'webhooks',
        OFFER_SECRET: 'webhook-crash-offer-secret-0123456789abcdef',
        WEBHOOK_SECRET_KEY: TEST_WEBHOOK_KEY,
        WEBHOOK_ALLOW_HTTP_LOOPBACK: 'true',
        WEBHOOK_CONCURRENCY: '4',
        WEBHOOK_BATCH_PER_ENDPOINT: '5',
        WEBHOOK_TIMEOUT_MS: '1000',
        WEBHOOK_LEASE_MS: '6000',
        WEBHOOK_POLL_MS: '20',
        WEBHOOK_RETRY_BASE_MS: '20',
        WEBHOOK_RETRY_MAX_MS: '200',
        DATABASE_URL: TEST_DATABASE_URL,
        PG_SCHEMA: h.db.schema,
        PG_POOL_MAX: '4',
        AMQP_URL: TEST_AMQP_URL,
        AMQP_PREFIX: prefix,
        ORDER_METRICS_PORT: '0',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push(child);
    return child;
  }

  beforeAll(async () => {
    h = await createOrderHarness();
    // Each answer takes a few ms, so that the kill lands while batches are in flight.
    receiver = await startWebhookReceiver(() => 200, { delayMs: 4 });
    for (let n = 0; n < ENDPOINTS; n += 1) {
      const { endpoint, secret } = await createEndpoint(webhookCommandDeps(h), 'crash-co', {
        url: receiver.url(`/e${n}`),
        eventTypes: ['order.confirmed'],
      });
      secrets.set(`/e${n}`, secret);
      expect(endpoint.status).toBe('active');
    }
    // The outbox as decisions write it: one row per event.
    await h.db.pool.query(
      `INSERT INTO webhook_events (tenant, type, data)
       SELECT 'crash-co', 'order.confirmed', jsonb_build_object('orderId', gen_random_uuid(), 'n', n)
         FROM generate_series(1, $1) AS n`,
      [EVENTS],
    );
  });
  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
    }
    await receiver.close();
    const connection = createAmqpConnection({ url: TEST_AMQP_URL, logger: h.logger, connectionName: 'cleanup' });
    await connection.start();
    const channel = await connection.createConfirmChannel();
    const topology = createTopology(prefix);
    for (const name of orderStackQueues(topology, h.regions.regions)) {
      await channel.deleteQueue(name).catch(() => undefined);
      await channel.deleteQueue(topology.deadLetterQueueOf(name)).catch(() => undefined);
    }
    await channel.deleteExchange(topology.eventsExchange).catch(() => undefined);
    await channel.deleteExchange(topology.deadLetterExchange).catch(() => undefined);
    await connection.close();
    await h.close();
  });

  it('loses no event: after a restart every event reaches every endpoint; duplicates carry the same id and body', async () => {
    const first = startWorker();
    await eventually(async () => receiver.received.length >= (EVENTS * ENDPOINTS) / 4, 60_000, 5);
    first.kill('SIGKILL');
    await once(first, 'exit');
    const atKill = receiver.received.length;
    expect(atKill).toBeLessThan(EVENTS * ENDPOINTS);

    const second = startWorker();
    const delivered = () => new Set(receiver.received.map((entry) => `${entry.path} ${entry.headers['webhook-id']}`));
    await eventually(async () => delivered().size === EVENTS * ENDPOINTS, 90_000);
    await eventually(async () => {
      const { rows } = await h.db.pool.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'succeeded'`,
      );
      return rows[0]?.n === EVENTS * ENDPOINTS;
    }, 30_000);
    second.kill('SIGTERM');
    await once(second, 'exit');
    expect(second.exitCode).toBe(0);

    const bodiesById = new Map<string, Set<string>>();
    for (const entry of receiver.received) {
      const id = String(entry.headers['webhook-id']);
      bodiesById.set(id, (bodiesById.get(id) ?? new Set()).add(entry.body));
      expect(verifyWebhook(secrets.get(entry.path) ?? '', entry.headers, entry.body).isValid).toBe(true);
    }
    expect(bodiesById.size).toBe(EVENTS);
    expect([...bodiesById.values()].every((bodies) => bodies.size === 1)).toBe(true);
    const duplicates = receiver.received.length - EVENTS * ENDPOINTS;
    // Printed, not asserted: how many the kill caused depends on where it landed.
    process.stdout.write(`webhook crash: ${atKill} received before the kill, ${duplicates} duplicates after restart\n`);
  });
});
