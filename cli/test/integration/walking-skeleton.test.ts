import { createApiKey } from '@fareflow/shared';
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
  results: Array<{ flightId: string; price: { amount: string; currency: string }; seatsAvailable: number }>;
}

/**
 * The walking skeleton, every piece real and in its own process: the airline simulator offers
 * fares, ingest scrapes and publishes them through RabbitMQ, the aggregator writes PostgreSQL
 * history and the region's Cassandra keyspace, and that region's availability API returns them.
 */
describe('a fare flows from an airline to the regional availability API', () => {
  let db: TestDatabase;
  let keyspaces: TestKeyspaces;
  const services: ServiceProcess[] = [];
  let apiPort: number;
  let token: string;
  const logs = () => services.map((service) => `--- ${service.name}\n${service.output().slice(-3000)}`).join('\n');

  beforeAll(async () => {
    db = await createTestDatabase();
    keyspaces = await createTestKeyspaces();
    token = (await createApiKey(db.pool, { name: 'site', scopes: ['availability:read'], rateLimitPerMinute: 10_000 }))
      .token;
    const [simulatorPort, ingestMetrics, aggregatorMetrics, port] = await Promise.all([
      freePort(),
      freePort(),
      freePort(),
      freePort(),
    ]);
    apiPort = port;
    const common = {
      DATABASE_URL: TEST_DATABASE_URL,
      PG_SCHEMA: db.schema,
      AMQP_URL: TEST_AMQP_URL,
      AMQP_PREFIX: uniqueName('e2e-'),
      CASSANDRA_KEYSPACE_PREFIX: keyspaces.prefix,
    };
    const simulator = `http://127.0.0.1:${simulatorPort}`;
    services.push(
      startService('aggregator', 'aggregator/src/index.ts', { ...common, METRICS_PORT: String(aggregatorMetrics) }),
      startService('api-us', 'availability-api/src/index.ts', { ...common, REGION: 'us', PORT: String(apiPort) }),
      startService('ingest', 'ingest/src/index.ts', {
        ...common,
        METRICS_PORT: String(ingestMetrics),
        SIMULATOR_PORT: String(simulatorPort),
        SIMULATOR_FLIGHTS_PER_DAY: '300',
        AMADEUS_BASE_URL: `${simulator}/amadeus`,
        DUFFEL_BASE_URL: `${simulator}/duffel`,
        FEED_BASE_URL: simulator,
        SCRAPE_CRON: '*/5 * * * * *',
        SCRAPE_HORIZON_DAYS: '2',
      }),
    );
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
      const result = await us.client.execute(
        `SELECT flight_id, origin, destination, departure_date, cabin, price, currency, seats_available
           FROM ${us.keyspace}.fares_by_flight ${key ? 'WHERE flight_id = ? AND cabin = ?' : 'LIMIT 100'}`,
        key ? [key.flightId, key.cabin] : [],
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
});
