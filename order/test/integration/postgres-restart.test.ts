import { execFile } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { promisify } from 'node:util';

import type { LightMyRequestResponse } from 'fastify';

import { createKey, createOrderHarness, instantOrder, type OrderHarness } from '../support/order-harness';
import { eventually, type OrderStack, startOrderStack } from '../support/order-stack';

jest.setTimeout(120_000);

const run = promisify(execFile);
const FLIGHT = 'DL44-2026-12-21-JFK-LAX';
/** The local cluster (`fareflow services up` runs the Debian one); only this test stops it, briefly. */
const PG_VERSION = readdirSync('/etc/postgresql')[0] ?? '15';
const pgctl = (action: string, ...extra: string[]) =>
  run('pg_ctlcluster', ['--skip-systemctl-redirect', PG_VERSION, 'main', action, ...extra]);
const isPgOnline = () =>
  pgctl('status').then(
    () => true,
    () => false,
  );

/**
 * The order API while PostgreSQL stops and starts again (57P01 on open connections, 57P03 and
 * ECONNREFUSED on new ones, "Connection terminated unexpectedly"): every request is answered,
 * either served or 503 with Retry-After; never 500.
 */
describe('order API during a PostgreSQL restart (real PostgreSQL)', () => {
  let h: OrderHarness;
  let stack: OrderStack;
  let token: string;

  beforeAll(async () => {
    h = await createOrderHarness();
    stack = await startOrderStack(h, { workers: 1 });
    token = await createKey(h, 'acme');
    await h.seedFlight(FLIGHT, 10_000, '89.99');
  });
  afterAll(async () => {
    // Whatever happened above, PostgreSQL is left running.
    if (!(await isPgOnline())) {
      await pgctl('start');
    }
    await stack?.close();
    await h?.close();
  });

  it('answers 503 with Retry-After or succeeds, never 500', async () => {
    let sequence = 0;
    const post = () =>
      stack.app.inject({
        method: 'POST',
        url: '/v1/orders',
        headers: { authorization: `Bearer ${token}`, 'idempotency-key': `pg-restart-${(sequence += 1)}` },
        payload: instantOrder(FLIGHT),
      });
    const first = await post();
    expect(first.statusCode).toBe(202);
    const orderId = (first.json() as { orderId: string }).orderId;
    const get = () =>
      stack.app.inject({ method: 'GET', url: `/v1/orders/${orderId}`, headers: { authorization: `Bearer ${token}` } });

    const responses: LightMyRequestResponse[] = [];
    let isRestarting = true;
    const traffic = (async () => {
      while (isRestarting) {
        responses.push(...(await Promise.all([post(), get(), post(), get()])));
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    })();
    try {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await pgctl('stop', '-m', 'fast');
      await new Promise((resolve) => setTimeout(resolve, 1_500));
    } finally {
      await pgctl('start');
    }
    // Served again once PostgreSQL is back (the pool replaces its dead connections).
    await eventually(async () => (await get()).statusCode === 200, 30_000, 200);
    isRestarting = false;
    await traffic;

    const statuses = responses.map((response) => response.statusCode);
    const unexpected = responses
      .filter((response) => ![200, 202, 503].includes(response.statusCode))
      .map((response) => `${response.statusCode} ${response.body}`);
    expect(unexpected).toEqual([]);
    const unavailable = responses.filter((response) => response.statusCode === 503);
    expect(unavailable.length).toBeGreaterThan(0);
    for (const response of unavailable) {
      expect(response.headers['retry-after']).toBe('1');
      expect(response.json()).toMatchObject({ error: { code: expect.any(String) } });
    }
    expect(statuses.filter((status) => status === 202 || status === 200).length).toBeGreaterThan(0);
  });
});
