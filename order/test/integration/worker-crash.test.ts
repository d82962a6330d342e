import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';

import {
  createAmqpConnection,
  createPublisher,
  createTopology,
  declareQueue,
  orderQueue,
  repositoryRoot,
} from '@fareflow/shared';
import { TEST_AMQP_URL, TEST_DATABASE_URL, uniqueName } from '@fareflow/shared/test/support/test-resources';

import { createOrderHarness, instantOrder, type OrderHarness } from '../support/order-harness';
import { eventually, orderStackQueues } from '../support/order-stack';

// Real services on two shared cores can need longer than the root 60 s limit.
jest.setTimeout(120_000);

const FLIGHT = 'KL641-2026-12-15-AMS-JFK';
const ORDERS = 300;

describe('order worker killed with SIGKILL mid-stream', () => {
  let h: OrderHarness;
  const prefix = uniqueName('t-crash-');
  const topology = createTopology(prefix);
  const children: ChildProcess[] = [];

  function startWorker(): ChildProcess {
    const child = spawn(process.execPath, ['--import', 'tsx', join(repositoryRoot, 'order/src/index.ts')], {
      cwd: repositoryRoot,
      env: {
        ...process.env,
        ORDER_ROLES: 'worker,relay,sweeper',
        OFFER_SECRET: 'worker-crash-offer-secret-0123456789abcdef',
        DATABASE_URL: TEST_DATABASE_URL,
        PG_SCHEMA: h.db.schema,
        PG_POOL_MAX: '4',
        AMQP_URL: TEST_AMQP_URL,
        AMQP_PREFIX: prefix,
        ORDER_METRICS_PORT: '0',
        ORDER_WORKER_BATCH_SIZE: '10',
        ORDER_WORKER_CONCURRENCY: '2',
        ORDER_WORKER_PREFETCH: '40',
        // Slow payments widen the window in which the kill lands between reservation and charge.
        PAYMENT_LATENCY_MS: '15',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push(child);
    return child;
  }

  const countByStatus = async () => {
    const { rows } = await h.db.pool.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM orders GROUP BY status',
    );
    return Object.fromEntries(rows.map((row) => [row.status, row.n]));
  };

  beforeAll(async () => {
    h = await createOrderHarness();
    await h.seedFlight(FLIGHT, 1_000, '250.00');
  });
  afterAll(async () => {
    for (const child of children) {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
    }
    const connection = createAmqpConnection({ url: TEST_AMQP_URL, logger: h.logger, connectionName: 'cleanup' });
    await connection.start();
    const channel = await connection.createConfirmChannel();
    for (const name of orderStackQueues(topology, h.regions.regions)) {
      await channel.deleteQueue(name).catch(() => undefined);
      await channel.deleteQueue(topology.deadLetterQueueOf(name)).catch(() => undefined);
    }
    await connection.close();
    await h.close();
  });

  it('loses no order and charges none twice across a kill and a restart', async () => {
    const connection = createAmqpConnection({ url: TEST_AMQP_URL, logger: h.logger, connectionName: 'crash-test' });
    await connection.start();
    h.submitDeps.publisher = await createPublisher({
      connection,
      exchange: topology.eventsExchange,
      logger: h.logger,
      prepare: async (channel) => {
        await declareQueue(channel, topology, orderQueue(topology));
        for (const region of h.regions.regions) {
          await declareQueue(channel, topology, topology.queues.aggregatorInventoryIn(region));
        }
      },
    });
    for (let index = 0; index < ORDERS; index += 1) {
      await h.submit(`tenant-${index % 3}`, `crash-${index}`, instantOrder(FLIGHT));
    }
    await h.submitDeps.publisher.close();
    await connection.close();

    const first = startWorker();
    await eventually(async () => ((await countByStatus())['confirmed'] ?? 0) >= 40, 60_000, 20);
    first.kill('SIGKILL');
    await once(first, 'exit');
    const atKill = await countByStatus();
    expect(atKill['confirmed'] ?? 0).toBeLessThan(ORDERS);

    const second = startWorker();
    await eventually(async () => (await countByStatus())['confirmed'] === ORDERS, 90_000, 100);
    second.kill('SIGTERM');
    const [exitCode] = await once(second, 'exit');
    expect(exitCode).toBe(0);

    expect(await countByStatus()).toEqual({ confirmed: ORDERS });
    const charges = await h.db.pool.query(
      `SELECT count(*)::int AS n, count(DISTINCT idempotency_key)::int AS keys FROM simulated_gateway_ledger WHERE kind = 'charge'`,
    );
    expect(charges.rows[0]).toEqual({ n: ORDERS, keys: ORDERS });
    const perOrder = await h.db.pool.query(
      `SELECT o.order_id FROM orders o
         LEFT JOIN simulated_gateway_ledger l ON l.idempotency_key = 'order-' || o.order_id || '-charge'
        GROUP BY o.order_id HAVING count(l.idempotency_key) <> 1`,
    );
    expect(perOrder.rows).toEqual([]);
    const seats = await h.db.pool.query('SELECT sold FROM inventory WHERE flight_id = $1', [FLIGHT]);
    expect(seats.rows[0].sold).toBe(ORDERS);
  });
});
