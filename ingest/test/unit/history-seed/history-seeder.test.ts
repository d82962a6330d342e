import type { FareObservation, Publisher } from '@fareflow/shared';

import { seedHistory } from '../../../src/history-seed/history-seeder';
import { createSimulatedMarket } from '../../../src/history-seed/simulated-market';

const NOW = Date.parse('2026-12-02T08:30:00Z');

function recordingPublisher(): Publisher & { messages: { routingKey: string; message: FareObservation }[] } {
  const messages: { routingKey: string; message: FareObservation }[] = [];
  return {
    messages,
    publish: (routingKey, message) => {
      messages.push({ routingKey, message: message as FareObservation });
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}

const deps = (publisher: Publisher) => ({
  ...createSimulatedMarket({ flightsPerDay: 40, maxRoutes: 20, seed: 42, cabins: ['ECONOMY'], saleShare: 0.3 }),
  publisher,
  regionOfAirport: (iata: string) => (iata.startsWith('K') ? 'us' : 'eu'),
  heartbeatIntervalMs: 3_600_000,
  publishConcurrency: 8,
});

describe('seedHistory', () => {
  it('publishes the same observations (ids, prices, kinds) on every run', async () => {
    const [first, second] = [recordingPublisher(), recordingPublisher()];
    const summary = await seedHistory(deps(first), { days: 3, horizonDays: 2, nowMs: NOW });
    await seedHistory(deps(second), { days: 3, horizonDays: 2, nowMs: NOW + 3_600_000 });
    expect(summary.published).toBe(first.messages.length);
    expect(summary.changes + summary.heartbeats).toBe(summary.published);
    const ids = first.messages.map(({ message }) => message.observationId);
    expect(new Set(ids).size).toBe(ids.length);
    expect(
      second.messages.map(({ message }) => `${message.observationId} ${message.price} ${message.kind}`).sort(),
    ).toEqual(first.messages.map(({ message }) => `${message.observationId} ${message.price} ${message.kind}`).sort());
    expect(
      first.messages.every(({ routingKey, message }) =>
        routingKey.endsWith(message.origin.startsWith('K') ? '.us' : '.eu'),
      ),
    ).toBe(true);
  });

  it('stops between days when aborted, counting only what was published', async () => {
    const publisher = recordingPublisher();
    const controller = new AbortController();
    const summary = await seedHistory(deps(publisher), {
      days: 3,
      horizonDays: 2,
      nowMs: NOW,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    expect(summary.isAborted).toBe(true);
    expect(summary.published).toBe(publisher.messages.length);
    expect(new Set(publisher.messages.map(({ message }) => message.observedAt))).toEqual(
      new Set(['2026-11-29T12:00:00.000Z']),
    );
  });
});
