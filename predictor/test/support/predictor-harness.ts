import {
  type AmqpConnection,
  createAmqpConnection,
  createRegionResolver,
  createTopology,
  defaultRegionMapping,
  formatFlightId,
  preorderQueue,
  type PreorderRequested,
  preorderRequestedV1,
  type Topology,
} from '@fareflow/shared';
import {
  createTestDatabase,
  createTestKeyspaces,
  silentLogger,
  TEST_AMQP_URL,
  type TestDatabase,
  type TestKeyspaces,
  uniqueName,
} from '@fareflow/shared/test/support/test-resources';
import amqp from 'amqplib';

import { type AmqpPreorderPublisher, createAmqpPreorderPublisher } from '../../src/adapters/amqp-preorder.publisher';
import { createCassandraInsightStore } from '../../src/adapters/cassandra-insight.store';
import { createPgForecastStore } from '../../src/adapters/pg-forecast.repository';
import { createPgOrderHistorySource } from '../../src/adapters/pg-order-history.repository';
import { createPgPreorderStore } from '../../src/adapters/pg-preorder.repository';
import { createPgPriceHistorySource } from '../../src/adapters/pg-price-history.repository';
import { fromEpochDay } from '../../src/domain/calendar';
import { defaultPriceModelSettings } from '../../src/domain/model-settings';
import type { PreorderPolicy } from '../../src/domain/preorder-plan';
import { createForecastJob, type ForecastJob } from '../../src/jobs/forecast-job';

export const testPolicy: PreorderPolicy = {
  demandShare: 0.5,
  minExpectedBookings: 1,
  minConfidence: 0.4,
  maxSeatsPerFlight: 6,
  budgets: { EUR: '100000.00', USD: '100000.00' },
  priceToleranceBasisPoints: 200,
  expiresAfterMs: 6 * 3_600_000,
};

export interface PredictorHarness {
  db: TestDatabase;
  keyspaces?: TestKeyspaces;
  topology: Topology;
  connection: AmqpConnection;
  publisher: AmqpPreorderPublisher;
  /** Takes every message off the pre-order queue. */
  drainPreorders(): Promise<PreorderRequested[]>;
  close(): Promise<void>;
}

export async function createHarness(options: { cassandra: boolean }): Promise<PredictorHarness> {
  const db = await createTestDatabase();
  const keyspaces = options.cassandra ? await createTestKeyspaces() : undefined;
  const topology = createTopology(uniqueName('pt-'));
  const logger = silentLogger();
  const connection = createAmqpConnection({ url: TEST_AMQP_URL, logger, connectionName: 'predictor-test' });
  await connection.start();
  const publisher = await createAmqpPreorderPublisher({ connection, topology, logger });
  const raw = await amqp.connect(TEST_AMQP_URL);
  const channel = await raw.createChannel();
  const queue = preorderQueue(topology).name;
  return {
    db,
    keyspaces,
    topology,
    connection,
    publisher,
    async drainPreorders() {
      const messages: PreorderRequested[] = [];
      for (
        let message = await channel.get(queue, { noAck: true });
        message;
        message = await channel.get(queue, { noAck: true })
      ) {
        messages.push(preorderRequestedV1.parse(JSON.parse(message.content.toString('utf8'))));
      }
      return messages;
    },
    async close() {
      await channel.deleteQueue(queue).catch(() => undefined);
      await channel.deleteQueue(topology.deadLetterQueueOf(queue)).catch(() => undefined);
      await channel.deleteExchange(topology.eventsExchange).catch(() => undefined);
      await channel.deleteExchange(topology.deadLetterExchange).catch(() => undefined);
      await raw.close();
      await publisher.close();
      await connection.close();
      await keyspaces?.drop();
      await db.drop();
    },
  };
}

export function buildJob(harness: PredictorHarness, now: Date, policy: PreorderPolicy = testPolicy): ForecastJob {
  const pool = harness.db.pool;
  if (!harness.keyspaces) {
    throw new Error('the job needs Cassandra');
  }
  return createForecastJob({
    prices: createPgPriceHistorySource(pool),
    orders: createPgOrderHistorySource(pool),
    forecasts: createPgForecastStore(pool),
    insights: createCassandraInsightStore({ regions: harness.keyspaces.stores, concurrencyLevel: 8 }),
    preorders: createPgPreorderStore(pool, () => now),
    publisher: harness.publisher,
    resolveRegion: createRegionResolver(defaultRegionMapping),
    logger: silentLogger(),
    now: () => now,
    settings: defaultPriceModelSettings,
    historyDays: 120,
    activeWithinDays: 3,
    demandWindowDays: 14,
    preorder: { policy, republishLimit: 100 },
  });
}

export interface SeededFlight {
  flightId: string;
  origin: string;
  destination: string;
  departureDay: number;
  currency: string;
  cabin: string;
  /** Price per observed day, oldest first; the last one is `lastDay`. */
  prices: string[];
  lastDay: number;
  firstSeats: number;
}

export function seededFlight(
  carrier: string,
  flightNumber: string,
  origin: string,
  destination: string,
  departureDay: number,
  lastDay: number,
  prices: string[],
  extra: Partial<SeededFlight> = {},
): SeededFlight {
  const flightId = formatFlightId({
    carrier,
    flightNumber,
    departureDate: fromEpochDay(departureDay),
    origin,
    destination,
  });
  return {
    flightId,
    origin,
    destination,
    departureDay,
    currency: 'EUR',
    cabin: 'ECONOMY',
    prices,
    lastDay,
    firstSeats: 150,
    ...extra,
  };
}

/** Writes observations the way the aggregator stores them: one per day at noon UTC, seats falling by one a day. */
export async function seedObservations(harness: PredictorHarness, flights: readonly SeededFlight[]): Promise<void> {
  const pool = harness.db.pool;
  const firstDay = Math.min(...flights.map((flight) => flight.lastDay - flight.prices.length + 1));
  await pool.query(`SELECT ensure_price_observation_partitions($1::date, 8)`, [fromEpochDay(firstDay)]);
  for (const flight of flights) {
    const [carrierAndNumber = ''] = flight.flightId.split('-');
    for (const [i, price] of flight.prices.entries()) {
      const day = flight.lastDay - flight.prices.length + 1 + i;
      await pool.query(
        `INSERT INTO price_observations (observed_at, observation_id, kind, flight_id, carrier, flight_number, origin,
           destination, departure_date, departure_utc, cabin, fare_class, price, currency, seats_available, source)
         VALUES ($1, $2, 'change', $3, $4, $5, $6, $7, $8, $9, $10, 'Y', $11, $12, $13, 'test')`,
        [
          `${fromEpochDay(day)}T12:00:00Z`,
          `${flight.flightId}-${flight.cabin}-${day}`,
          flight.flightId,
          carrierAndNumber.slice(0, 2),
          carrierAndNumber.slice(2),
          flight.origin,
          flight.destination,
          fromEpochDay(flight.departureDay),
          `${fromEpochDay(flight.departureDay)}T10:00:00Z`,
          flight.cabin,
          price,
          flight.currency,
          flight.firstSeats - i,
        ],
      );
    }
  }
}
