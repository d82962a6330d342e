import { routingKeys } from '@fareflow/shared';

import {
  createTestResources,
  startTestAggregator,
  type TestAggregator,
  type TestResources,
  waitFor,
} from '../support/aggregator-harness';
import { makeFareObservation } from '../support/fare-fixtures';

// Fresh keyspaces mean schema agreement on two Cassandra nodes: slow on a busy 2-core machine.
jest.setTimeout(120_000);

let resources: TestResources;
let running: TestAggregator;

beforeAll(async () => {
  resources = await createTestResources();
  running = await startTestAggregator(resources);
});

afterAll(async () => {
  await running?.stop();
  await resources?.close();
});

describe('poison messages', () => {
  it('go to the dead-letter queue with their reason while the messages around them are stored', async () => {
    const good = [1, 2, 3].map((index) => makeFareObservation({ flightNumber: `${700 + index}` }));
    const { price: _price, ...withoutPrice } = makeFareObservation({ flightNumber: '800' });
    const unknownAirport = makeFareObservation({ origin: 'QQQ', flightNumber: '801' });
    // A Frankfurt flight (eu) published under the us key: a producer with another region mapping.
    const misrouted = makeFareObservation({ origin: 'FRA', flightNumber: '802' });
    await resources.publishFare(good[0], 'good-1');
    await resources.publishFare(withoutPrice, 'no-price');
    await resources.publishFare(good[1], 'good-2');
    await resources.publishFare(unknownAirport, 'unknown-airport');
    await resources.publishWithKey(routingKeys.fareObservationIn('us'), misrouted, 'misrouted');
    await resources.publishFare(good[2], 'good-3');

    const { queues } = resources.topology;
    const dead: Awaited<ReturnType<TestResources['drainDeadLetters']>> = [];
    await waitFor('three dead letters', async () => {
      dead.push(...(await resources.drainDeadLetters(queues.aggregatorFaresIn('eu').name)));
      dead.push(...(await resources.drainDeadLetters(queues.aggregatorFaresIn('us').name)));
      return dead.length >= 3 ? true : undefined;
    });
    const reasons = Object.fromEntries(
      dead.map((message) => [
        message.properties.messageId as string,
        {
          code: message.properties.headers?.['x-fareflow-error-code'] as unknown,
          reason: message.properties.headers?.['x-fareflow-error'] as unknown,
          queue: message.properties.headers?.['x-fareflow-source-queue'] as unknown,
        },
      ]),
    );
    // An unknown airport goes to the default region's queue (eu), which names the airport.
    expect(reasons).toEqual({
      'no-price': {
        code: 'INVALID_MESSAGE',
        reason: expect.stringContaining('price') as unknown,
        queue: queues.aggregatorFaresIn('eu').name,
      },
      'unknown-airport': {
        code: 'UNKNOWN_AIRPORT',
        reason: expect.stringContaining('origin: airport QQQ') as unknown,
        queue: queues.aggregatorFaresIn('eu').name,
      },
      misrouted: {
        code: 'MISROUTED',
        reason: 'origin: airport FRA maps to region "eu", but the message came through the queue of region "us"',
        queue: queues.aggregatorFaresIn('us').name,
      },
    });

    await waitFor('the good messages', async () => (running.metrics.committed.length >= 3 ? true : undefined));
    const { rows } = await resources.db.pool.query<{ flight_number: string }>(
      'SELECT flight_number FROM price_observations ORDER BY flight_number',
    );
    expect(rows.map((row) => row.flight_number)).toEqual(['701', '702', '703']);
    expect(running.metrics.deadLetters.sort()).toEqual(['INVALID_MESSAGE', 'MISROUTED', 'UNKNOWN_AIRPORT']);
    // Nothing of the misrouted flight reached either region's store.
    for (const region of ['eu', 'us']) {
      const { client, keyspace } = resources.keyspaces.store(region);
      const stored = await client.execute(`SELECT flight_id FROM ${keyspace}.fares_by_flight WHERE flight_id = ?`, [
        misrouted.flightId,
      ]);
      expect(stored.rowLength).toBe(0);
    }
  });
});
