import { compareAmounts, type FareObservation } from '@fareflow/shared';

import { fareKeyOf, observationIdOf } from './to-fare-observation';

/** What was last published for a fare; the baseline a fresh observation is compared with. */
export interface LastPublished {
  fareKey: string;
  price: string;
  currency: string;
  seatsAvailable: number;
  departureUtc: string;
  observation: FareObservation;
  publishedAtMs: number;
}

export interface DetectChangesInput {
  /** Observations of one scrape scope, or `not-modified` when the source said nothing changed. */
  fresh: FareObservation[] | 'not-modified';
  /** Everything last published for the same scope. */
  previous: readonly LastPublished[];
  nowMs: number;
  heartbeatIntervalMs: number;
}

export interface DetectedChanges {
  /** Messages to publish, `kind` set: `change` or `heartbeat`. */
  publish: FareObservation[];
  /** Fares whose flight has departed: forget them, publish nothing. */
  departed: string[];
}

/**
 * Decides what to publish for one scrape: a `change` when price, currency or seats moved (a fare
 * that vanished from its scope is published once as sold out, 0 seats), a `heartbeat` when nothing
 * moved for `heartbeatIntervalMs`, nothing otherwise. Pure: the caller persists what it published.
 */
export function detectChanges(input: DetectChangesInput): DetectedChanges {
  const { nowMs, heartbeatIntervalMs } = input;
  const observedAt = new Date(nowMs).toISOString();
  const previous = new Map(input.previous.map((entry) => [entry.fareKey, entry]));
  const result: DetectedChanges = { publish: [], departed: [] };
  const fresh = input.fresh === 'not-modified' ? undefined : cheapestPerFare(input.fresh);

  for (const observation of fresh?.values() ?? []) {
    const last = previous.get(fareKeyOf(observation));
    if (!last || hasMoved(last, observation)) {
      result.publish.push({ ...observation, kind: 'change' });
    } else if (nowMs - last.publishedAtMs >= heartbeatIntervalMs) {
      result.publish.push({ ...observation, kind: 'heartbeat' });
    }
  }
  for (const last of previous.values()) {
    if (Date.parse(last.departureUtc) <= nowMs) {
      result.departed.push(last.fareKey);
    } else if (fresh && !fresh.has(last.fareKey)) {
      if (last.seatsAvailable > 0) {
        result.publish.push(restate(last, observedAt, 'change', 0));
      } else if (nowMs - last.publishedAtMs >= heartbeatIntervalMs) {
        result.publish.push(restate(last, observedAt, 'heartbeat', 0));
      }
    } else if (!fresh && nowMs - last.publishedAtMs >= heartbeatIntervalMs) {
      result.publish.push(restate(last, observedAt, 'heartbeat', last.seatsAvailable));
    }
  }
  return result;
}

function hasMoved(last: LastPublished, observation: FareObservation): boolean {
  return (
    last.currency !== observation.currency ||
    compareAmounts(last.price, observation.price) !== 0 ||
    last.seatsAvailable !== observation.seatsAvailable
  );
}

/** The same fare seen again at `observedAt` (unchanged, or gone: 0 seats). */
function restate(
  last: LastPublished,
  observedAt: string,
  kind: FareObservation['kind'],
  seats: number,
): FareObservation {
  const { offerExpiresAt: _expired, ...rest } = last.observation;
  return {
    ...rest,
    kind,
    seatsAvailable: seats,
    observedAt,
    observationId: observationIdOf(rest.source, rest.flightId, rest.cabin, observedAt),
  };
}

/** An API may offer several fares per flight and cabin; Fareflow tracks the cheapest. */
function cheapestPerFare(observations: FareObservation[]): Map<string, FareObservation> {
  const cheapest = new Map<string, FareObservation>();
  for (const observation of observations) {
    const key = fareKeyOf(observation);
    const current = cheapest.get(key);
    if (!current || compareAmounts(observation.price, current.price) < 0) {
      cheapest.set(key, observation);
    }
  }
  return cheapest;
}
