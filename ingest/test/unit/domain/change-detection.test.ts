import type { FareObservation } from '@fareflow/shared';

import { detectChanges, type LastPublished } from '../../../src/domain/change-detection';
import { HOUR_MS } from '../../../src/domain/clock';
import { fareKeyOf } from '../../../src/domain/to-fare-observation';

const NOW = Date.parse('2026-03-01T12:00:00Z');

function observation(overrides: Partial<FareObservation> = {}): FareObservation {
  return {
    schema: 'fare.observation.v1',
    observationId: 'amadeus:LH400-2026-03-10-FRA-JFK:ECONOMY:20260301T120000000Z',
    kind: 'change',
    flightId: 'LH400-2026-03-10-FRA-JFK',
    carrier: 'LH',
    flightNumber: '400',
    origin: 'FRA',
    destination: 'JFK',
    departureLocal: '2026-03-10T10:00:00+01:00',
    departureUtc: '2026-03-10T09:00:00Z',
    arrivalLocal: '2026-03-10T12:30:00-05:00',
    arrivalUtc: '2026-03-10T17:30:00Z',
    durationMinutes: 510,
    stops: 0,
    segments: [
      {
        carrier: 'LH',
        flightNumber: '400',
        origin: 'FRA',
        destination: 'JFK',
        departureUtc: '2026-03-10T09:00:00Z',
        arrivalUtc: '2026-03-10T17:30:00Z',
      },
    ],
    cabin: 'ECONOMY',
    fareClass: 'V',
    price: '499.00',
    currency: 'EUR',
    seatsAvailable: 9,
    observedAt: new Date(NOW).toISOString(),
    source: 'amadeus',
    ...overrides,
  };
}

function published(fare: FareObservation, publishedAtMs = NOW - HOUR_MS): LastPublished {
  return {
    fareKey: fareKeyOf(fare),
    price: fare.price,
    currency: fare.currency,
    seatsAvailable: fare.seatsAvailable,
    departureUtc: fare.departureUtc,
    observation: fare,
    publishedAtMs,
  };
}

const detect = (
  fresh: FareObservation[] | 'not-modified',
  previous: LastPublished[],
  heartbeatIntervalMs = 6 * HOUR_MS,
) => detectChanges({ fresh, previous, nowMs: NOW, heartbeatIntervalMs });

describe('detectChanges', () => {
  it('publishes a fare seen for the first time as a change', () => {
    expect(detect([observation()], []).publish).toEqual([observation()]);
  });

  it('publishes nothing when price, currency and seats are unchanged and no heartbeat is due', () => {
    expect(detect([observation()], [published(observation())]).publish).toEqual([]);
  });

  it('treats "499.0" and "499.00" as the same price', () => {
    expect(detect([observation({ price: '499.0' })], [published(observation())]).publish).toEqual([]);
  });

  it.each([
    ['price', { price: '519.00' }],
    ['seats', { seatsAvailable: 8 }],
    ['currency', { currency: 'USD' }],
  ])('publishes a change when the %s moved', (_field, overrides) => {
    const [message] = detect([observation(overrides)], [published(observation())]).publish;
    expect(message).toMatchObject({ kind: 'change', ...overrides });
  });

  it('sends a heartbeat once the interval has passed without a change', () => {
    const result = detect([observation()], [published(observation(), NOW - 7 * HOUR_MS)]);
    expect(result.publish).toEqual([{ ...observation(), kind: 'heartbeat' }]);
  });

  it('publishes a fare that vanished from its scope once as sold out (0 seats), then only heartbeats', () => {
    const gone = detect([], [published(observation())]).publish;
    expect(gone).toHaveLength(1);
    expect(gone[0]).toMatchObject({
      kind: 'change',
      seatsAvailable: 0,
      price: '499.00',
      observedAt: new Date(NOW).toISOString(),
    });
    expect(gone[0]?.observationId).toBe('amadeus:LH400-2026-03-10-FRA-JFK:ECONOMY:20260301T120000000Z');

    const soldOut = published(observation({ seatsAvailable: 0 }));
    expect(detect([], [soldOut]).publish).toEqual([]);
    expect(detect([], [{ ...soldOut, publishedAtMs: NOW - 7 * HOUR_MS }]).publish).toEqual([
      expect.objectContaining({ kind: 'heartbeat', seatsAvailable: 0 }),
    ]);
  });

  it('forgets departed flights without publishing anything', () => {
    const departed = published(observation({ departureUtc: '2026-03-01T11:00:00Z' }));
    expect(detect([], [departed])).toEqual({ publish: [], departed: [departed.fareKey] });
  });

  it('on not-modified, publishes only the heartbeats that are due, as they were last published', () => {
    const fresh = published(observation());
    const stale = published(
      observation({ flightId: 'LH402-2026-03-10-FRA-JFK', flightNumber: '402' }),
      NOW - 7 * HOUR_MS,
    );
    const result = detect('not-modified', [fresh, stale]);
    expect(result.publish).toEqual([
      expect.objectContaining({ kind: 'heartbeat', flightId: 'LH402-2026-03-10-FRA-JFK', seatsAvailable: 9 }),
    ]);
  });

  it('keeps the cheapest of several offers for the same flight and cabin', () => {
    const result = detect(
      [observation({ price: '620.00', fareClass: 'M' }), observation({ price: '480.00', fareClass: 'Q' })],
      [],
    );
    expect(result.publish).toEqual([expect.objectContaining({ price: '480.00', fareClass: 'Q' })]);
  });
});
