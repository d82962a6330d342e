import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

import {
  AirlineBookingRejectedError,
  AirlineBookingUnavailableError,
  createAirlineBookingClient,
  duffelCreateOrderRequest,
  duffelOrderResponse,
  isRetryable,
  ValidationError,
} from '@fareflow/shared';

import { airlineApiFolder, readJson } from '../support/airline-data';

type Handler = (request: IncomingMessage, body: string, response: ServerResponse) => void;

describe('createAirlineBookingClient', () => {
  let server: Server;
  let baseUrl: string;
  let handler: Handler;
  const seen: { headers: IncomingMessage['headers']; body: unknown }[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      request.on('end', () => {
        seen.push({ headers: request.headers, body: JSON.parse(body) as unknown });
        handler(request, body, response);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => (seen.length = 0));

  const client = () => createAirlineBookingClient({ baseUrl, accessToken: 'duffel_test_x', timeoutMs: 500 });
  const input = {
    offerOrFlightId: 'LH400-2026-12-01-FRA-JFK',
    seats: 2,
    maxPrice: '900.00',
    currency: 'GBP',
    idempotencyKey: 'preorder-123456',
  };
  const reply = (status: number, body: unknown, headers: Record<string, string> = {}): Handler => {
    return (_request, _body, response) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
    };
  };
  const sample = () => readJson(path.join(airlineApiFolder('duffel', 'samples'), 'create-instant-order.json'));

  it('parses the Duffel order samples', () => {
    const folder = airlineApiFolder('duffel', 'samples');
    for (const name of ['create-instant-order.json', 'create-hold-order.json', 'get-order-by-id.json']) {
      const parsed = duffelOrderResponse.safeParse(readJson(path.join(folder, name)));
      expect(parsed.error?.issues).toBeUndefined();
    }
  });

  it('posts a valid Duffel order with auth, version and idempotency headers and maps the answer', async () => {
    handler = reply(201, sample());
    const order = await client().createOrder(input);

    expect(order).toEqual({
      airlineOrderId: 'ord_00009hthhsUZ8W4LxQgkjo',
      bookingReference: 'RZPNX8',
      totalAmount: expect.any(String),
      currency: 'GBP',
    });
    const request = seen[0];
    expect(request?.headers['authorization']).toBe('Bearer duffel_test_x');
    expect(request?.headers['duffel-version']).toBe('v2');
    expect(request?.headers['idempotency-key']).toBe('preorder-123456');
    const body = duffelCreateOrderRequest.parse(request?.body);
    expect(body.data.selected_offers).toEqual(['LH400-2026-12-01-FRA-JFK']);
    expect(body.data.passengers).toHaveLength(2);
    expect(body.data.payments).toEqual([{ type: 'balance', currency: 'GBP', amount: '900.00' }]);
  });

  it('refuses an answer that charged more than maxPrice', async () => {
    handler = reply(201, sample());
    const promise = client().createOrder({ ...input, maxPrice: '1.00' });
    await expect(promise).rejects.toBeInstanceOf(AirlineBookingRejectedError);
    await expect(promise).rejects.toMatchObject({ code: 'AIRLINE_PRICE_ABOVE_MAX' });
  });

  it('maps price_changed to a permanent error and 4xx to permanent', async () => {
    handler = reply(422, { errors: [{ type: 'invalid_request_error', code: 'price_changed', message: 'now 950.00' }] });
    const error: unknown = await client()
      .createOrder(input)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'AIRLINE_PRICE_ABOVE_MAX' });
    expect(isRetryable(error)).toBe(false);
  });

  it('maps 429 to a retryable error carrying Retry-After', async () => {
    handler = reply(
      429,
      { errors: [{ type: 'rate_limit_error', code: 'rate_limit_exceeded', message: 'slow down' }] },
      { 'retry-after': '2' },
    );
    const error: unknown = await client()
      .createOrder(input)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AirlineBookingUnavailableError);
    expect(error).toMatchObject({ code: 'AIRLINE_RATE_LIMITED', retryAfterMs: 2000 });
  });

  it('maps 5xx, a malformed body and a timeout to retryable errors', async () => {
    handler = reply(503, { oops: true });
    await expect(client().createOrder(input)).rejects.toMatchObject({ code: 'AIRLINE_UNAVAILABLE', isRetryable: true });
    handler = reply(201, { data: { id: 'ord_1' } });
    await expect(client().createOrder(input)).rejects.toMatchObject({
      code: 'AIRLINE_BAD_RESPONSE',
      isRetryable: true,
    });
    handler = () => undefined; // never answers
    await expect(client().createOrder(input)).rejects.toMatchObject({ code: 'AIRLINE_UNAVAILABLE', isRetryable: true });
  });

  it('rejects bad input before sending anything, naming the field', async () => {
    handler = reply(201, sample());
    await expect(client().createOrder({ ...input, maxPrice: '12,50' })).rejects.toMatchObject({ field: 'maxPrice' });
    await expect(client().createOrder({ ...input, seats: 0 })).rejects.toBeInstanceOf(ValidationError);
    expect(seen).toHaveLength(0);
  });
});
