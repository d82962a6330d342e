import { createApiKey, createRegionResolver, defaultRegionMapping, parseFlightId } from '@fareflow/shared';
import {
  createTestDatabase,
  createTestKeyspaces,
  TEST_AMQP_URL,
  TEST_DATABASE_URL,
  type TestDatabase,
  type TestKeyspaces,
  uniqueName,
} from '@fareflow/shared/test/support/test-resources';

import { eventually, freePort, type ServiceProcess, startService } from '../support/service-process';

interface FareSearchBody {
  region: string;
  results: Array<{
    offerId: string;
    flightId: string;
    price: { amount: string; currency: string };
    seatsAvailable: number;
  }>;
}

interface OrderBody {
  orderId: string;
  status: string;
  totalAmount: string;
  items: { flightId: string; unitPrice: string }[];
}

const regionOf = createRegionResolver(defaultRegionMapping);

/**
 * The walking skeleton, every piece real and in its own process: the airline simulator offers
 * fares, ingest scrapes and publishes them through RabbitMQ, the aggregator writes PostgreSQL
 * history and the region's Cassandra keyspace, and that region's availability API returns them.
 * The order service takes its inventory from the same fares, sells a seat of a flight the API
 * offers, and the seat count the API serves follows through the outbox and the aggregator.
 */
describe('a fare flows from an airline to the regional availability API, and an order back into it', () => {
  let db: TestDatabase;
  let keyspaces: TestKeyspaces;
  const services: ServiceProcess[] = [];
  let ingest: ServiceProcess;
  let apiPort: number;
  let orderPort: number;
  let token: string;
  let agentToken: string;
  const logs = () => services.map((service) => `--- ${service.name}\n${service.output().slice(-3000)}`).join('\n');

  beforeAll(async () => {
    db = await createTestDatabase();
    keyspaces = await createTestKeyspaces();
    token = (await createApiKey(db.pool, { name: 'site', scopes: ['availability:read'], rateLimitPerMinute: 10_000 }))
      .token;
    agentToken = (
      await createApiKey(db.pool, {
        name: 'agent',
        tenant: 'agency',
        scopes: ['orders:write', 'orders:read'],
        rateLimitPerMinute: 10_000,
      })
    ).token;
    const [simulatorPort, ingestMetrics, aggregatorMetrics, port, ordersPort] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    apiPort = port;
    orderPort = ordersPort;
    const common = {
      DATABASE_URL: TEST_DATABASE_URL,
      PG_SCHEMA: db.schema,
      AMQP_URL: TEST_AMQP_URL,
      AMQP_PREFIX: uniqueName('e2e-'),
      CASSANDRA_KEYSPACE_PREFIX: keyspaces.prefix,
      OFFER_SECRET: 'walking-skeleton-offer-secret-0123456789',
    };
    const simulator = `http://127.0.0.1:${simulatorPort}`;
    services.push(
      startService('aggregator', 'aggregator/src/index.ts', { ...common, METRICS_PORT: String(aggregatorMetrics) }),
      startService('api-us', 'availability-api/src/index.ts', { ...common, REGION: 'us', PORT: String(apiPort) }),
      startService('order', 'order/src/index.ts', {
        ...common,
        ORDER_ROLES: 'api,worker,relay,fares',
        ORDER_API_PORT: String(orderPort),
      }),
    );
    // The order service's fare queue must exist before the first scrape publishes.
    await eventually(
      async () => ((await fetch(`http://127.0.0.1:${orderPort}/readyz`)).ok ? true : undefined),
      60_000,
      logs,
    );
    ingest = startService('ingest', 'ingest/src/index.ts', {
      ...common,
      METRICS_PORT: String(ingestMetrics),
      SIMULATOR_PORT: String(simulatorPort),
      SIMULATOR_FLIGHTS_PER_DAY: '300',
      AMADEUS_BASE_URL: `${simulator}/amadeus`,
      DUFFEL_BASE_URL: `${simulator}/duffel`,
      FEED_BASE_URL: simulator,
      SCRAPE_CRON: '*/5 * * * * *',
      SCRAPE_HORIZON_DAYS: '2',
    });
    services.push(ingest);
  });

  afterAll(async () => {
    const codes = await Promise.all(services.map((service) => service.stop()));
    await keyspaces?.drop();
    await db?.drop();
    // Every service shuts down cleanly on SIGTERM (staged shutdown, exit code 0).
    expect(codes).toEqual(services.map(() => 0));
  });

  it('stores the scraped fare in history and in the us keyspace, and the us API returns it', async () => {
    const us = keyspaces.store('us');
    const readCurrent = async (key?: { flightId: string; cabin: string }) => {
      const flight = key && parseFlightId(key.flightId);
      const result = await us.client.execute(
        `SELECT flight_id, origin, destination, departure_date, cabin, price, currency, seats_available
           FROM ${us.keyspace}.fares_by_route ${
             flight
               ? 'WHERE origin = ? AND destination = ? AND departure_date = ? AND flight_id = ? AND cabin = ?'
               : 'LIMIT 100'
           }`,
        flight ? [flight.origin, flight.destination, flight.departureDate, key.flightId, key.cabin] : [],
        { prepare: true },
      );
      // Sold-out fares (0 seats) are stored but not offered: follow one that is on sale.
      return result.rows.find((row) => Number(row['seats_available']) > 0 && row['price'] !== null);
    };
    const seen = await eventually(() => readCurrent(), 90_000, logs);
    const flightId = String(seen['flight_id']);
    const cabin = String(seen['cabin']);

    const query = new URLSearchParams({
      origin: String(seen['origin']),
      destination: String(seen['destination']),
      date: String(seen['departure_date']),
      cabin,
    });
    const fare = await eventually(
      async () => {
        const response = await fetch(`http://127.0.0.1:${apiPort}/v1/fares?${query}`, {
          headers: { authorization: `Bearer ${token}` },
        });
        const body = response.ok ? ((await response.json()) as FareSearchBody) : undefined;
        return body?.region === 'us' ? body.results.find((result) => result.flightId === flightId) : undefined;
      },
      30_000,
      logs,
    );

    // The API serves what the region's store holds, and the history holds every price it was given.
    const current = await readCurrent({ flightId, cabin });
    expect(fare.price).toEqual({ amount: String(current?.['price']), currency: current?.['currency'] });
    expect(fare.seatsAvailable).toBe(current?.['seats_available']);
    const history = await db.pool.query<{ price: string }>(
      `SELECT price::text AS price FROM price_observations WHERE flight_id = $1 AND cabin = $2`,
      [flightId, cabin],
    );
    expect(history.rows.map((row) => Number(row.price))).toContain(Number(fare.price.amount));
  });

  it('sells a seat of a flight the us API offers, and the seats that API shows follow the order', async () => {
    const offerInApi = async (flightId: string, cabin: string) => {
      const key = parseFlightId(flightId);
      if (!key) {
        throw new Error(`not a flight id: ${flightId}`);
      }
      const query = new URLSearchParams({
        origin: key.origin,
        destination: key.destination,
        date: key.departureDate,
        cabin,
      });
      // Never follow a 307 to another region's API: on a shared machine it may be another stack's.
      const response = await fetch(`http://127.0.0.1:${apiPort}/v1/fares?${query}`, {
        headers: { authorization: `Bearer ${token}` },
        redirect: 'manual',
      });
      const body = response.status === 200 ? ((await response.json()) as FareSearchBody) : undefined;
      return body?.results.find((result) => result.flightId === flightId);
    };
    const seatsInApi = async (flightId: string, cabin: string) => (await offerInApi(flightId, cabin))?.seatsAvailable;
    const seatsInInventory = async (flightId: string, cabin: string) => {
      const { rows } = await db.pool.query<{ available: number }>(
        'SELECT booking_limit - sold - held AS available FROM inventory WHERE flight_id = $1 AND cabin = $2',
        [flightId, cabin],
      );
      return rows[0]?.available;
    };
    // A flight of the us region (the API under test serves only its own region's flights), on sale in the
    // order service's inventory and in the API, with the same seat count.
    const candidates = await eventually(
      async () => {
        const { rows } = await db.pool.query<{ flight_id: string; cabin: string }>(
          `SELECT flight_id, cabin FROM inventory
            WHERE price IS NOT NULL AND booking_limit - sold - held > 1 AND departure_utc > now() + interval '2 hours'
            ORDER BY flight_id LIMIT 200`,
        );
        const ours = rows.filter((row) => regionOf(parseFlightId(row.flight_id)?.origin ?? '') === 'us').slice(0, 20);
        return ours.length > 0 ? ours : undefined;
      },
      60_000,
      logs,
    );
    // No more scrapes from here on: the seat counts move only with our order.
    expect(await ingest.stop()).toBe(0);
    const flight = await eventually(
      async () => {
        for (const candidate of candidates) {
          const [inApi, inInventory] = await Promise.all([
            offerInApi(candidate.flight_id, candidate.cabin),
            seatsInInventory(candidate.flight_id, candidate.cabin),
          ]);
          if (inApi !== undefined && inApi.seatsAvailable === inInventory) {
            return { flightId: candidate.flight_id, cabin: candidate.cabin, seats: inApi.seatsAvailable, offer: inApi };
          }
        }
        return undefined;
      },
      30_000,
      logs,
    );

    const response = await fetch(`http://127.0.0.1:${orderPort}/v1/orders`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${agentToken}`,
        'content-type': 'application/json',
        'idempotency-key': 'skeleton-order-1',
        prefer: 'wait=20',
      },
      body: JSON.stringify({
        items: [
          {
            // The offer the API showed: the order is charged its price (signed by the API, verified by the order service).
            offerId: flight.offer.offerId,
            passengers: [
              { type: 'ADT', givenName: 'Ada', familyName: 'Lovelace' },
              { type: 'ADT', givenName: 'Alan', familyName: 'Turing' },
            ],
          },
        ],
        contact: { email: 'agent@example.com' },
        paymentToken: 'tok_visa',
      }),
    });
    expect(response.status).toBe(200);
    const ordered = (await response.json()) as OrderBody;
    expect(ordered.status).toBe('confirmed');
    expect(ordered.items).toEqual([
      expect.objectContaining({ flightId: flight.flightId, unitPrice: flight.offer.price.amount }),
    ]);
    expect(await seatsInInventory(flight.flightId, flight.cabin)).toBe(flight.seats - 2);
    const shown = await eventually(
      async () => {
        const seats = await seatsInApi(flight.flightId, flight.cabin);
        return seats === flight.seats - 2 ? seats : undefined;
      },
      15_000,
      logs,
    );
    expect(shown).toBe(flight.seats - 2);
  });
});
