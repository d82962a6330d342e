import { get as httpGet, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { FastifyInstance } from 'fastify';

import { buildFare } from '../support/fare-builder';
import { seedFares, updateFare } from '../support/seed-fares';
import { buildTestApp, createBearer } from '../support/test-app';
import { createResources, type Resources } from '../support/test-resources';

interface SseEvent {
  event: string;
  data: Record<string, unknown>;
}

/** Reads Server-Sent Events from a live response, one parsed event at a time. */
function readEvents(response: IncomingMessage): () => Promise<SseEvent> {
  const queue: SseEvent[] = [];
  const waiting: ((event: SseEvent) => void)[] = [];
  let buffer = '';
  response.setEncoding('utf8');
  response.on('data', (chunk: string) => {
    buffer += chunk;
    let end = buffer.indexOf('\n\n');
    while (end >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (event && data) {
        const parsed = { event, data: JSON.parse(data) as Record<string, unknown> };
        const waiter = waiting.shift();
        if (waiter) {
          waiter(parsed);
        } else {
          queue.push(parsed);
        }
      }
      end = buffer.indexOf('\n\n');
    }
  });
  return () => {
    const next = queue.shift();
    return next ? Promise.resolve(next) : new Promise((resolve) => waiting.push(resolve));
  };
}

// Real services on two shared cores can need longer than the root 60 s limit.
jest.setTimeout(120_000);
describe('GET /v1/fares/stream', () => {
  let resources: Resources;
  let app: FastifyInstance;
  let baseUrl: string;
  let authorization: string;
  const fare = buildFare({
    origin: 'ORD',
    destination: 'DFW',
    departs: '2026-12-01T10:00',
    price: '150.00',
    seatsAvailable: 9,
  });
  const other = buildFare({
    flightNumber: '402',
    origin: 'ORD',
    destination: 'DFW',
    departs: '2026-12-01T12:00',
    cabin: 'BUSINESS',
  });

  const soldOut = buildFare({
    flightNumber: '404',
    origin: 'ORD',
    destination: 'DFW',
    departs: '2026-12-01T14:00',
    seatsAvailable: 0,
  });

  beforeAll(async () => {
    resources = await createResources();
    const { keyspaces, db } = resources;
    await seedFares(keyspaces.store('us'), [fare, other, soldOut]);
    app = await buildTestApp({ store: keyspaces.store('us'), db: db.pool });
    await app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    authorization = await createBearer(db.pool, 'streamer');
  });

  afterAll(async () => {
    await app?.close();
    await resources?.release();
  });

  const open = (query: string) =>
    new Promise<IncomingMessage>((resolve, reject) => {
      httpGet(`${baseUrl}/v1/fares/stream?${query}`, { headers: { authorization } }, resolve).once('error', reject);
    });

  it('sends a snapshot, then pushes price and seat changes of the route', async () => {
    const response = await open('origin=ORD&destination=DFW&date=2026-12-01&cabin=ECONOMY');
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/event-stream');
    const next = readEvents(response);
    const snapshot = await next();
    expect(snapshot).toMatchObject({
      event: 'snapshot',
      data: { fares: [{ flightId: fare.flightId, price: { amount: '150.00', currency: 'EUR' }, seatsAvailable: 9 }] },
    });

    await updateFare(resources.keyspaces.store('us'), fare, '139.90', 4);
    expect(await next()).toEqual({
      event: 'change',
      data: expect.objectContaining({
        cabin: 'ECONOMY',
        fare: expect.objectContaining({
          flightId: fare.flightId,
          price: { amount: '139.90', currency: 'EUR' },
          seatsAvailable: 4,
        }),
        previous: { price: { amount: '150.00', currency: 'EUR' }, seatsAvailable: 9 },
      }),
    });

    // The last seat goes: the fare is removed, never sent with 0 seats; it comes back as a new fare.
    await updateFare(resources.keyspaces.store('us'), fare, '139.90', 0);
    expect(await next()).toEqual({
      event: 'removed',
      data: { flightId: fare.flightId, cabin: 'ECONOMY', reason: 'SOLD_OUT' },
    });
    await updateFare(resources.keyspaces.store('us'), fare, '145.00', 2);
    expect(await next()).toEqual({
      event: 'change',
      data: expect.objectContaining({
        fare: expect.objectContaining({ flightId: fare.flightId, seatsAvailable: 2 }),
        previous: null,
      }),
    });
    response.destroy();
  });

  it('never puts a sold-out fare in a snapshot', async () => {
    const response = await open('origin=ORD&destination=DFW&date=2026-12-01');
    const snapshot = await readEvents(response)();
    response.destroy();
    expect(snapshot.event).toBe('snapshot');
    const fares = snapshot.data['fares'] as { flightId: string; seatsAvailable: number }[];
    expect(fares.map((item) => item.flightId)).not.toContain(soldOut.flightId);
    expect(fares.every((item) => item.seatsAvailable > 0)).toBe(true);
    expect(fares.map((item) => item.flightId)).toContain(other.flightId);
  });

  it('answers HEAD at once with the stream headers and no body, and 405 with Allow to other methods', async () => {
    const url = '/v1/fares/stream?origin=ORD&destination=DFW&date=2026-12-01';
    const head = await app.inject({ method: 'HEAD', url, headers: { authorization } });
    expect(head.statusCode).toBe(200);
    expect(head.headers['content-type']).toContain('text/event-stream');
    expect(head.body).toBe('');
    expect((await app.inject({ method: 'HEAD', url })).statusCode).toBe(401);
    // Over a real socket too: the answer comes, it does not hang.
    const live = await new Promise<IncomingMessage>((resolve, reject) => {
      request(`${baseUrl}${url}`, { method: 'HEAD', headers: { authorization } }, resolve).once('error', reject).end();
    });
    expect(live.statusCode).toBe(200);
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH'] as const) {
      const response = await app.inject({ method, url, headers: { authorization } });
      expect(response.statusCode).toBe(405);
      expect(response.headers.allow).toBe('GET, HEAD, OPTIONS');
      expect(response.json()).toMatchObject({ error: { code: 'METHOD_NOT_ALLOWED' } });
    }
    expect((await app.inject({ method: 'POST', url: '/v1/fares?origin=ORD' })).statusCode).toBe(405);
  });

  it('refuses bad input and missing keys before opening a stream', async () => {
    const bad = await app.inject({
      url: '/v1/fares/stream?origin=ORD&destination=DFW&date=2026-12-32',
      headers: { authorization },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { field: 'date' } });
    expect((await app.inject({ url: '/v1/fares/stream?origin=ORD&destination=DFW&date=2026-12-01' })).statusCode).toBe(
      401,
    );
  });
});
