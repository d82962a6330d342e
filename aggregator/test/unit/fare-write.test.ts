import { createRegionResolver, defaultRegionMapping } from '@fareflow/shared';

import { planFareWrite } from '../../src/domain/fare-write';
import { createRegionRouting } from '../../src/domain/region-routing';
import { planSeatChange } from '../../src/domain/seat-change';
import { makeFareObservation, makeInventoryChanged } from '../support/fare-fixtures';

const policy = {
  routing: createRegionRouting(createRegionResolver(defaultRegionMapping), ['us', 'eu']),
  nowMs: Date.parse('2026-05-01T12:00:00Z'),
  maxClockSkewMs: 60_000,
};
const observedAt = '2026-05-01T11:59:00.000250Z';

describe('planFareWrite', () => {
  it('routes a flight from Frankfurt to eu and one from New York to us', () => {
    const fromFrankfurt = planFareWrite(makeFareObservation({ origin: 'FRA' }, { observedAt }), policy);
    const fromNewYork = planFareWrite(
      makeFareObservation({ origin: 'JFK', destination: 'LHR' }, { observedAt }),
      policy,
    );
    expect(fromFrankfurt.current.region).toBe('eu');
    expect(fromNewYork.current.region).toBe('us');
  });

  it('writes the history row and the current fare from the same observation', () => {
    const message = makeFareObservation({ departureDate: '2026-12-01' }, { observedAt, price: '99.5' });
    const { history, current } = planFareWrite(message, policy);
    expect(history).toMatchObject({
      observationId: message.observationId,
      departureDate: '2026-12-01',
      price: '99.5',
      observedAt,
    });
    expect(current).toMatchObject({ flightId: message.flightId, price: '99.5', arrivalLocal: message.arrivalLocal });
    expect(current.writeTimeMicros).toBe(Date.parse(observedAt) * 1000 + 250);
  });

  it.each([
    ['an unknown origin airport', makeFareObservation({ origin: 'QQQ' }, { observedAt }), 'UNKNOWN_AIRPORT'],
    ['a negative price', makeFareObservation({}, { observedAt, price: '-1.00' }), 'NEGATIVE_PRICE'],
    [
      'an observation from the future',
      makeFareObservation({}, { observedAt: '2026-05-01T12:30:00Z' }),
      'TIME_IN_FUTURE',
    ],
    [
      'a flight id of another flight',
      makeFareObservation({}, { observedAt, destination: 'EWR' }),
      'FLIGHT_ID_MISMATCH',
    ],
  ])('refuses %s', (_case, message, code) => {
    expect(() => planFareWrite(message, policy)).toThrow(expect.objectContaining({ code, isRetryable: false }));
  });

  it('refuses a region that has no Cassandra configured', () => {
    const euOnly = { ...policy, routing: createRegionRouting(createRegionResolver(defaultRegionMapping), ['eu']) };
    const message = makeFareObservation({ origin: 'JFK', destination: 'LHR' }, { observedAt });
    expect(() => planFareWrite(message, euOnly)).toThrow(
      expect.objectContaining({ code: 'REGION_NOT_CONFIGURED', message: expect.stringContaining('"us"') as string }),
    );
  });

  it("on a region's queue, stores that region's flights and refuses another region's as misrouted", () => {
    const euQueue = { ...policy, routing: policy.routing.forQueue('eu') };
    expect(planFareWrite(makeFareObservation({ origin: 'FRA' }, { observedAt }), euQueue).current.region).toBe('eu');
    const fromNewYork = makeFareObservation({ origin: 'JFK', destination: 'LHR' }, { observedAt });
    expect(() => planFareWrite(fromNewYork, euQueue)).toThrow(
      expect.objectContaining({
        code: 'MISROUTED',
        isRetryable: false,
        message: 'origin: airport JFK maps to region "us", but the message came through the queue of region "eu"',
      }),
    );
  });

  it('names the unknown airport rather than a misroute on a regional queue', () => {
    const euQueue = { ...policy, routing: policy.routing.forQueue('eu') };
    expect(() => planFareWrite(makeFareObservation({ origin: 'QQQ' }, { observedAt }), euQueue)).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_AIRPORT' }),
    );
  });
});

describe('planSeatChange', () => {
  it('takes route, date and region from the flight id and times the write by changedAt', () => {
    const change = planSeatChange(
      makeInventoryChanged('UA900-2026-07-04-SFO-FRA', { seatsAvailable: 3, changedAt: '2026-05-01T11:00:00Z' }),
      policy,
    );
    expect(change).toMatchObject({
      region: 'us',
      origin: 'SFO',
      destination: 'FRA',
      departureDate: '2026-07-04',
      seatsAvailable: 3,
      writeTimeMicros: Date.parse('2026-05-01T11:00:00Z') * 1000,
    });
  });

  it('refuses a flight whose origin airport is unknown', () => {
    expect(() =>
      planSeatChange(makeInventoryChanged('UA900-2026-07-04-QQQ-FRA', { changedAt: '2026-05-01T11:00:00Z' }), policy),
    ).toThrow(expect.objectContaining({ code: 'UNKNOWN_AIRPORT', field: 'flightId' }));
  });

  it("refuses another region's flight on a region's queue as misrouted", () => {
    const usQueue = { ...policy, routing: policy.routing.forQueue('us') };
    const change = makeInventoryChanged('LH400-2026-07-04-FRA-JFK', { changedAt: '2026-05-01T11:00:00Z' });
    expect(() => planSeatChange(change, usQueue)).toThrow(
      expect.objectContaining({ code: 'MISROUTED', field: 'flightId' }),
    );
  });
});
