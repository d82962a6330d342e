import { createApiKey, createSeededRandom } from '@fareflow/shared';
import { uniqueName } from '@fareflow/shared/test/support/test-resources';
import type { LightMyRequestResponse } from 'fastify';

import { createHostileOrderRequests } from '../support/hostile-order-requests';
import { createKey, createOrderHarness, holdOrder, type OrderHarness } from '../support/order-harness';
import { type OrderStack, startOrderStack } from '../support/order-stack';

const REQUESTS = Number(process.env['ORDER_FUZZ_REQUESTS'] ?? 6_000);
const SEED = Number(process.env['ORDER_FUZZ_SEED'] ?? 20_261_202);
/** Requests in flight at once: concurrent creates share the intake's group commit, as in production. */
const CONCURRENCY = 8;
/** Longer than any bounded wait of the API (`Prefer: wait` is capped at the stack's 30 s): past it, a request hangs. */
const DEADLINE_MS = 35_000;

/** The local day `days` from now: the flights are on sale whenever the test runs. */
const dayIn = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
// Three flights of one city pair (so changes between them are allowed and race with cancels and payments) and one
// of another pair (so changes onto it are refused).
const FLIGHTS = [
  `LH400-${dayIn(20)}-FRA-JFK`,
  `LH402-${dayIn(21)}-FRA-JFK`,
  `LH404-${dayIn(22)}-FRA-JFK`,
  `DL44-${dayIn(20)}-JFK-LAX`,
];

jest.setTimeout(600_000);

describe(`hostile input at every order route (seed ${SEED}; replay with ORDER_FUZZ_SEED=${SEED})`, () => {
  let h: OrderHarness;
  let stack: OrderStack;

  beforeAll(async () => {
    h = await createOrderHarness();
    stack = await startOrderStack(h, { workers: 1 });
    for (const flight of FLIGHTS) {
      await h.seedFlight(flight, 1_000_000, '120.50', 10);
    }
  });
  afterAll(async () => {
    await stack?.close();
    await h?.close();
  });

  it(`answers ${REQUESTS} generated requests, none with a 5xx, every error in the JSON shape`, async () => {
    const writer = await createKey(h, 'acme');
    const otherTenant = await createKey(h, 'globex');
    const { token: wrongScope } = await createApiKey(h.db.pool, {
      name: uniqueName('fuzz-reader-'),
      tenant: 'acme',
      scopes: ['availability:read'],
      rateLimitPerMinute: 1_000_000,
    });
    const foreign = await stack.app.inject({
      method: 'POST',
      url: '/v1/orders',
      headers: { authorization: `Bearer ${otherTenant}`, 'idempotency-key': 'fuzz-foreign-1' },
      payload: holdOrder(FLIGHTS[0] as string),
    });
    expect(foreign.statusCode).toBe(202);
    const orderIds: string[] = [];
    const next = createHostileOrderRequests(createSeededRandom(SEED), {
      flights: FLIGHTS,
      unknownFlight: `ZZ999-${dayIn(20)}-FRA-JFK`,
      keys: { writer, otherTenant, wrongScope },
      orderIds: () => orderIds,
      foreignOrderIds: () => [foreign.json().orderId as string],
    });

    const statuses = new Map<number, number>();
    const failures: string[] = [];
    const started = Date.now();
    let answered = 0;
    /** Sends one request; answers the id of an order it created (kept in request order, so a seed replays a run). */
    const runOne = async (): Promise<string | undefined> => {
      const { options, label } = next();
      const response = await withDeadline(stack.app.inject(options), DEADLINE_MS);
      if (response === undefined) {
        failures.push(`${label} -> no answer within ${DEADLINE_MS} ms`);
        return undefined;
      }
      answered += 1;
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      const problem = problemOf(response, options.method === 'HEAD');
      if (problem) {
        failures.push(`${label} -> ${problem}`);
      }
      const body = safeJson(response.body) as { orderId?: unknown } | undefined;
      const isCreated = options.url === '/v1/orders' && response.statusCode < 300;
      return isCreated && typeof body?.orderId === 'string' ? body.orderId : undefined;
    };
    for (let sent = 0; sent < REQUESTS; sent += CONCURRENCY) {
      const created = await Promise.all(Array.from({ length: Math.min(CONCURRENCY, REQUESTS - sent) }, runOne));
      orderIds.push(...created.filter((id): id is string => id !== undefined));
    }
    const elapsedMs = Date.now() - started;
    const summary = `seed ${SEED}: ${REQUESTS} requests in ${elapsedMs} ms, statuses ${JSON.stringify(Object.fromEntries([...statuses].sort(([a], [b]) => a - b)))}`;
    // One line for the record (and for the failure message, with the seed that replays it).
    process.stdout.write(`order fuzz ${summary}\n`);

    expect({ summary, failures: failures.slice(0, 20), failureCount: failures.length }).toEqual({
      summary,
      failures: [],
      failureCount: 0,
    });
    expect(answered).toBe(REQUESTS);
    // The generator must reach every outcome, from the guard to the use cases, or the test proves little.
    for (const status of [200, 202, 400, 401, 403, 404, 409, 413, 415]) {
      expect([summary, status, (statuses.get(status) ?? 0) > 0]).toEqual([summary, status, true]);
    }
    expect(orderIds.length).toBeGreaterThan(REQUESTS / 20);
  });
});

/** Why a response breaks the API's promises, or undefined: no 5xx; 4xx in the JSON error shape, validation naming the field. */
function problemOf(response: LightMyRequestResponse, isHead: boolean): string | undefined {
  const { statusCode } = response;
  if (statusCode >= 500) {
    return `${statusCode} ${response.body.slice(0, 300)}`;
  }
  if (statusCode < 400 || isHead) {
    return undefined;
  }
  const body = safeJson(response.body) as
    { error?: { code?: unknown; message?: unknown; field?: unknown } } | undefined;
  const error = body?.error;
  if (typeof error?.code !== 'string' || typeof error.message !== 'string') {
    return `${statusCode} not in the error shape: ${response.body.slice(0, 300)}`;
  }
  if (statusCode === 400 && error.code === 'VALIDATION' && typeof error.field !== 'string') {
    return `400 VALIDATION without a field: ${response.body.slice(0, 300)}`;
  }
  return undefined;
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function withDeadline<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), ms);
  });
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
