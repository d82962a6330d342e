/**
 * `npm run bench -- webhooks [--events N] [--endpoints E] [--batch B]`
 *
 * Runs the order service's delivery worker as its own process (`ORDER_ROLES=webhooks`) on a fresh
 * schema with N `order.confirmed` events in the outbox and E endpoints of one tenant, all on one local
 * receiver (Node http, answers 204, checks every 100th signature). Prints signed deliveries per second
 * (first to last received, E x N deliveries). Baseline, same run, same receiver: plain keep-alive
 * HTTP POSTs of the same bodies from Node, E loops one request after another (as the worker sends to
 * each endpoint), with no database, signing or bookkeeping.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

import {
  createAmqpConnection,
  createTopology,
  defaultRegionMapping,
  orderQueue,
  regionsOf,
  repositoryRoot,
  verifyWebhook,
} from '@fareflow/shared';
import {
  createTestDatabase,
  silentLogger,
  TEST_AMQP_URL,
  TEST_DATABASE_URL,
  uniqueName,
} from '@fareflow/shared/test/support/test-resources';

import { createWebhookSecretBox } from '../order/src/adapters/webhook-secret-box';
import { createEndpoint } from '../order/src/use-cases/webhook-endpoints';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '5000' },
    endpoints: { type: 'string', default: '4' },
    batch: { type: 'string', default: '50' },
  },
});
const settings = { events: Number(args.events), endpoints: Number(args.endpoints), batch: Number(args.batch) };
const KEY = 'bench-webhook-secret-key-of-32-characters';
const total = settings.events * settings.endpoints;

interface Receiver {
  port: number;
  count: number;
  firstAt: number;
  lastAt: number;
  invalid: number;
  reset(): void;
  server: http.Server;
}

function startReceiver(secrets: Map<string, string>): Promise<Receiver> {
  const receiver: Receiver = {
    port: 0,
    count: 0,
    firstAt: 0,
    lastAt: 0,
    invalid: 0,
    reset() {
      this.count = 0;
      this.firstAt = 0;
      this.lastAt = 0;
    },
    server: http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        receiver.count += 1;
        receiver.firstAt ||= performance.now();
        receiver.lastAt = performance.now();
        const secret = secrets.get(request.url ?? '');
        if (secret && receiver.count % 100 === 0) {
          const verdict = verifyWebhook(secret, request.headers, Buffer.concat(chunks).toString('utf8'));
          receiver.invalid += verdict.isValid ? 0 : 1;
        }
        response.writeHead(204).end();
      });
    }),
  };
  receiver.server.listen(0, '127.0.0.1');
  return once(receiver.server, 'listening').then(() => {
    receiver.port = (receiver.server.address() as AddressInfo).port;
    return receiver;
  });
}

function startWorker(schema: string, prefix: string): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', join(repositoryRoot, 'order/src/index.ts')], {
    cwd: repositoryRoot,
    env: {
      ...process.env,
      ORDER_ROLES: 'webhooks',
      OFFER_SECRET: 'bench-offer-secret-of-at-least-32-characters',
      WEBHOOK_SECRET_KEY: KEY,
      WEBHOOK_ALLOW_HTTP_LOOPBACK: 'true',
      WEBHOOK_CONCURRENCY: String(settings.endpoints),
      WEBHOOK_BATCH_PER_ENDPOINT: String(settings.batch),
      WEBHOOK_LEASE_MS: String(settings.batch * 10_000 + 60_000),
      DATABASE_URL: TEST_DATABASE_URL,
      PG_SCHEMA: schema,
      PG_POOL_MAX: '8',
      AMQP_URL: TEST_AMQP_URL,
      AMQP_PREFIX: prefix,
      ORDER_METRICS_PORT: '0',
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
}

/** E loops of plain keep-alive POSTs, each request after the previous answer. */
async function baseline(receiver: Receiver, body: string): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: settings.endpoints });
  const post = () =>
    new Promise<void>((resolve, reject) => {
      const request = http.request(
        { host: '127.0.0.1', port: receiver.port, path: '/baseline', method: 'POST', agent },
        (response) => response.resume().on('end', resolve),
      );
      request.on('error', reject);
      request.setHeader('content-type', 'application/json');
      request.end(body);
    });
  receiver.reset();
  const startedAt = performance.now();
  await Promise.all(
    Array.from({ length: settings.endpoints }, async () => {
      for (let n = 0; n < settings.events; n += 1) {
        await post();
      }
    }),
  );
  agent.destroy();
  return total / ((performance.now() - startedAt) / 1000);
}

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const prefix = uniqueName('bench-hooks-');
  const secrets = new Map<string, string>();
  const receiver = await startReceiver(secrets);
  const deps = {
    pool: db.pool,
    secrets: createWebhookSecretBox(KEY),
    policy: { allowHttpLoopback: true, allowPrivateNetworks: false },
    retryWindowMs: 86_400_000,
    maxEndpointsPerTenant: 1_000,
  };
  for (let n = 0; n < settings.endpoints; n += 1) {
    const url = `http://127.0.0.1:${receiver.port}/e${n}`;
    const { secret } = await createEndpoint(deps, 'bench', { url, eventTypes: ['order.confirmed'] });
    secrets.set(`/e${n}`, secret);
  }
  await db.pool.query(
    `INSERT INTO webhook_events (tenant, type, data)
     SELECT 'bench', 'order.confirmed', jsonb_build_object('orderId', gen_random_uuid(), 'status', 'confirmed',
            'previousStatus', 'processing', 'totalAmount', '129.9', 'currency', 'EUR', 'orderType', 'instant')
       FROM generate_series(1, $1)`,
    [settings.events],
  );
  const load1 = loadavg()[0] ?? 0;
  const worker = startWorker(db.schema, prefix);
  const deadline = Date.now() + 600_000;
  while (receiver.count < total && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const delivered = receiver.count;
  const perSecond = (delivered - 1) / ((receiver.lastAt - receiver.firstAt) / 1000);
  worker.kill('SIGTERM');
  await once(worker, 'exit');
  const { rows } = await db.pool.query<{ body: string }>(
    `SELECT json_build_object('type', type, 'timestamp', created_at, 'data', data)::text AS body FROM webhook_events LIMIT 1`,
  );
  const plain = await baseline(receiver, rows[0]?.body ?? '{}');

  console.log(
    `webhooks bench: ${settings.events} events x ${settings.endpoints} endpoints = ${total} deliveries, batch ${settings.batch}`,
  );
  console.log(`  machine: ${cpus().length} cores, load average before run ${load1.toFixed(2)}`);
  console.log(
    `  signed deliveries/s (worker process, PostgreSQL claim + record): ${perSecond.toFixed(0)} (${delivered} received, ${receiver.invalid} of the sampled signatures invalid)`,
  );
  console.log(
    `  baseline: plain keep-alive POSTs/s from Node, ${settings.endpoints} sequential loops: ${plain.toFixed(0)}`,
  );
  console.log(`  ratio deliveries/s : plain POSTs/s = ${(perSecond / plain).toFixed(3)}`);

  receiver.server.close();
  const connection = createAmqpConnection({ url: TEST_AMQP_URL, logger: silentLogger(), connectionName: 'bench' });
  await connection.start();
  const channel = await connection.createConfirmChannel();
  const topology = createTopology(prefix);
  const inventoryQueues = regionsOf(defaultRegionMapping).map((region) =>
    topology.queues.aggregatorInventoryIn(region),
  );
  for (const name of [orderQueue(topology).name, ...inventoryQueues.map((queue) => queue.name)]) {
    await channel.deleteQueue(name).catch(() => undefined);
    await channel.deleteQueue(topology.deadLetterQueueOf(name)).catch(() => undefined);
  }
  await channel.deleteExchange(topology.deadLetterExchange).catch(() => undefined);
  await channel.deleteExchange(topology.eventsExchange).catch(() => undefined);
  await connection.close();
  await db.drop();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
