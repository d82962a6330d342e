import { createRegionResolver, defaultRegionMapping, type Delivery, RetryableError } from '@fareflow/shared';

import { createRegionRouting } from '../../src/domain/region-routing';
import { createRecordFareObservations } from '../../src/use-cases/record-fare-observations';
import { createRecordInventoryChanges } from '../../src/use-cases/record-inventory-changes';
import { FakeCurrentFareStore, FakeHistoryStore, FakeMetrics } from '../support/fakes';
import { makeFareObservation, makeInventoryChanged } from '../support/fare-fixtures';

const nowMs = Date.parse('2026-05-01T12:00:00Z');

function setup() {
  const history = new FakeHistoryStore();
  const current = new FakeCurrentFareStore();
  const metrics = new FakeMetrics();
  const deps = {
    routing: createRegionRouting(createRegionResolver(defaultRegionMapping), ['us', 'eu']),
    metrics,
    maxClockSkewMs: 60_000,
    now: () => nowMs,
  };
  const recordFares = createRecordFareObservations({ ...deps, history, current, queue: 'fares' });
  const recordInventory = createRecordInventoryChanges({ ...deps, current, queue: 'inventory' });
  return { history, current, metrics, recordFares, recordInventory };
}

const deliver = <T>(message: T): Delivery<T> => ({ message, messageId: undefined, attempt: 1 });

describe('recording fare observations', () => {
  it('writes every observation to the history and to its region, and reports lag once committed', async () => {
    const { history, current, metrics, recordFares } = setup();
    const batch = [
      makeFareObservation({ origin: 'FRA' }, { observedAt: '2026-05-01T11:59:58Z' }),
      makeFareObservation({ origin: 'JFK', destination: 'LHR' }, { observedAt: '2026-05-01T11:59:59Z' }),
    ].map(deliver);
    await recordFares(batch);
    expect(history.rows.size).toBe(2);
    expect(current.fares.map((fare) => fare.region)).toEqual(['eu', 'us']);
    expect(metrics.committed).toEqual([2, 1]);
    expect(metrics.batches).toEqual([2]);
  });

  it('writes nothing when one message of the batch must be refused', async () => {
    const { history, current, recordFares } = setup();
    const batch = [makeFareObservation(), makeFareObservation({ origin: 'QQQ' })].map((message) =>
      deliver({ ...message, observedAt: '2026-05-01T11:00:00Z' }),
    );
    await expect(recordFares(batch)).rejects.toMatchObject({ code: 'UNKNOWN_AIRPORT', isRetryable: false });
    expect(history.rows.size).toBe(0);
    expect(current.fares).toHaveLength(0);
  });

  it('fails the batch (so it is not acked) when Cassandra fails even though the history committed', async () => {
    const { history, current, metrics, recordFares } = setup();
    current.failWith = new RetryableError('CASSANDRA_WRITE_FAILED', 'eu is down');
    const batch = [deliver(makeFareObservation({}, { observedAt: '2026-05-01T11:00:00Z' }))];
    await expect(recordFares(batch)).rejects.toMatchObject({ code: 'CASSANDRA_WRITE_FAILED' });
    expect(history.rows.size).toBe(1);
    expect(metrics.committed).toEqual([]);
  });

  it('adds no history row when the same observation is recorded again', async () => {
    const { history, recordFares } = setup();
    const message = makeFareObservation({}, { observedAt: '2026-05-01T11:00:00Z' });
    await recordFares([deliver(message), deliver(message)]);
    await recordFares([deliver(message)]);
    expect(history.rows.size).toBe(1);
  });
});

describe('recording inventory changes', () => {
  it('writes the seats of each flight to its region', async () => {
    const { current, recordInventory } = setup();
    await recordInventory([
      deliver(
        makeInventoryChanged('LH400-2026-12-01-FRA-JFK', { changedAt: '2026-05-01T11:00:00Z', seatsAvailable: 2 }),
      ),
    ]);
    expect(current.seats).toEqual([expect.objectContaining({ region: 'eu', seatsAvailable: 2, cabin: 'ECONOMY' })]);
  });
});
