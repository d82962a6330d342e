import { RetryableError } from '@fareflow/shared';
import { errors } from 'cassandra-driver';

import type { CurrentFareStore } from '../../src/domain/ports';
import { createTestResources, startTestAggregator, type TestResources, waitFor } from '../support/aggregator-harness';
import { storedFare } from '../support/current-fare-reads';
import { makeFareObservation } from '../support/fare-fixtures';

// Fresh keyspaces mean schema agreement on two Cassandra nodes: slow on a busy 2-core machine.
jest.setTimeout(120_000);

let resources: TestResources;

beforeAll(async () => {
  resources = await createTestResources();
});

afterAll(async () => {
  await resources?.close();
});

async function historyCount(observationId: string): Promise<number> {
  const { rows } = await resources.db.pool.query<{ count: string }>(
    'SELECT count(*) FROM price_observations WHERE observation_id = $1',
    [observationId],
  );
  return Number(rows[0]?.count);
}

describe('a message delivered 3 times', () => {
  it('yields one history row when it is published three times', async () => {
    const running = await startTestAggregator(resources);
    try {
      const message = makeFareObservation();
      for (let copy = 0; copy < 3; copy += 1) {
        await resources.publishFare(message, message.observationId);
      }
      await waitFor('three committed deliveries', async () =>
        running.metrics.committed.length >= 3 ? true : undefined,
      );
      expect(await historyCount(message.observationId)).toBe(1);
    } finally {
      await running.stop();
    }
  });

  it('yields one history row when the broker redelivers it after two failed attempts', async () => {
    let calls = 0;
    // History commits on every attempt; Cassandra fails twice, so the message is not acked and comes back.
    const failTwice = (store: CurrentFareStore): CurrentFareStore => ({
      ...store,
      async writeFares(fares) {
        calls += 1;
        if (calls <= 2) {
          throw new RetryableError('CASSANDRA_WRITE_FAILED', 'injected failure');
        }
        return store.writeFares(fares);
      },
    });
    const running = await startTestAggregator(resources, { wrapCurrent: failTwice });
    try {
      const message = makeFareObservation({ flightNumber: '401' }, { price: '88.00' });
      await resources.publishFare(message, message.observationId);
      await waitFor('the third attempt to commit', async () =>
        running.metrics.committed.length >= 1 ? true : undefined,
      );
      expect(calls).toBe(3);
      expect(await historyCount(message.observationId)).toBe(1);
      const stored = await storedFare(resources.keyspaces.store('eu'), message.flightId, message.cabin);
      expect(stored?.price).toBe('88.00');
    } finally {
      await running.stop();
    }
  });

  it('holds a batch through a region outage: written once the store is back, never dead-lettered', async () => {
    let calls = 0;
    // What the adapter raises when no node of the region's datacenter answers, ten times over:
    // twice the queue's delivery limit, so only holding (not redelivering) gets the message through.
    const outage = (store: CurrentFareStore): CurrentFareStore => ({
      ...store,
      async writeFares(fares) {
        calls += 1;
        if (calls <= 2 * resources.topology.queues.aggregatorFaresIn('eu').deliveryLimit) {
          throw new RetryableError('CASSANDRA_WRITE_FAILED', 'cassandra eu: all hosts down', {
            cause: new errors.NoHostAvailableError({}),
          });
        }
        return store.writeFares(fares);
      },
    });
    const running = await startTestAggregator(resources, { wrapCurrent: outage });
    try {
      const message = makeFareObservation({ flightNumber: '402' }, { price: '77.00' });
      await resources.publishFare(message, message.observationId);
      await waitFor('the write after the outage', async () =>
        running.metrics.committed.length >= 1 ? true : undefined,
      );
      expect(calls).toBe(2 * resources.topology.queues.aggregatorFaresIn('eu').deliveryLimit + 1);
      expect(await historyCount(message.observationId)).toBe(1);
      const stored = await storedFare(resources.keyspaces.store('eu'), message.flightId, message.cabin);
      expect(stored?.price).toBe('77.00');
      expect(await resources.drainDeadLetters(resources.topology.queues.aggregatorFaresIn('eu').name)).toEqual([]);
    } finally {
      await running.stop();
    }
  });
});
