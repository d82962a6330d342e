import { coerceError, type FareObservation, type Publisher, routingKeys, sleep } from '@fareflow/shared';

import { detectChanges, type LastPublished } from '../domain/change-detection';
import { utcDateOf } from '../domain/clock';
import { fareKeyOf } from '../domain/to-fare-observation';
import type { ScrapeTarget } from '../scheduling/scrape-planner';
import { type MarketReplay, observeScope, replayInstants, type ReplayScope, scopesAt } from './replay-plan';

export interface HistorySeederDeps {
  market: MarketReplay;
  targets: readonly ScrapeTarget[];
  /** Publishes with confirms to the events exchange (see `createFarePublisher`). */
  publisher: Publisher;
  regionOfAirport: (iata: string) => string;
  heartbeatIntervalMs: number;
  /** Unconfirmed publishes in flight. */
  publishConcurrency: number;
}

export interface SeedOptions {
  /** Simulated days before today, one scrape cycle each. */
  days: number;
  /** Departure days each cycle covers from its own day on (the live scrape horizon). */
  horizonDays: number;
  nowMs: number;
  onProgress?: (progress: SeedProgress) => void;
  /** Stops between scopes; what was published stays published (a later run completes it). */
  signal?: AbortSignal;
}

export interface SeedProgress {
  day: number;
  days: number;
  /** The simulated day being replayed, `YYYY-MM-DD`. */
  observedOn: string;
  published: number;
}

export interface SeedSummary {
  /** The simulated scrape instants, oldest first (ISO): the `observedAt` of every observation published. */
  instants: string[];
  scopes: number;
  observations: number;
  published: number;
  changes: number;
  heartbeats: number;
  skipped: number;
  durationMs: number;
  isAborted: boolean;
}

const PUBLISH_ATTEMPTS = 6;

/**
 * Replays the airline simulator's fare model over the past `days` days through ingest's own
 * pipeline: per simulated day, one scrape cycle at a fixed hour (REPLAY_HOUR_UTC) over every scope
 * the live scrape plans (same targets, same horizon), each airline's answer rendered in its format,
 * normalized by ingest's parsers, passed through change detection (against what this replay
 * published before, kept in memory: the live `ingest_published_fares` is the present and is left
 * alone), and published with confirms to the flight's region, where the aggregator stores it like
 * any observation. Observation ids are `source:flight:cabin:instant` with deterministic instants,
 * so a second run republishes the same ids and the stores (idempotent by id and write timestamp)
 * keep nothing twice.
 */
export async function seedHistory(deps: HistorySeederDeps, options: SeedOptions): Promise<SeedSummary> {
  const startedAt = Date.now();
  const instants = replayInstants(options.nowMs, options.days);
  const state = new Map<string, Map<string, LastPublished>>();
  const summary: SeedSummary = {
    instants: instants.map((instant) => new Date(instant).toISOString()),
    scopes: 0,
    observations: 0,
    published: 0,
    changes: 0,
    heartbeats: 0,
    skipped: 0,
    durationMs: 0,
    isAborted: false,
  };
  for (const [index, atMs] of instants.entries()) {
    if (options.signal?.aborted) {
      break;
    }
    forgetPastScopes(state, atMs);
    const messages: FareObservation[] = [];
    for (const scope of scopesAt(deps.targets, atMs, options.horizonDays, utcDateOf(options.nowMs))) {
      messages.push(...replayScope(deps, scope, atMs, state, summary));
    }
    summary.published += await publishAll(deps, messages, options.signal);
    options.onProgress?.({
      day: index + 1,
      days: instants.length,
      observedOn: utcDateOf(atMs),
      published: summary.published,
    });
  }
  summary.isAborted = options.signal?.aborted === true;
  summary.durationMs = Date.now() - startedAt;
  return summary;
}

/** One scope at one instant: observe, detect changes, remember what will be published. */
function replayScope(
  deps: HistorySeederDeps,
  scope: ReplayScope,
  atMs: number,
  state: Map<string, Map<string, LastPublished>>,
  summary: SeedSummary,
): FareObservation[] {
  const observed = observeScope(deps.market, scope, atMs);
  summary.scopes += 1;
  summary.observations += observed.observations.length;
  summary.skipped += observed.skipped.length;
  const previous = state.get(scope.jobKey) ?? new Map<string, LastPublished>();
  const detected = detectChanges({
    fresh: observed.observations,
    previous: [...previous.values()],
    nowMs: atMs,
    heartbeatIntervalMs: deps.heartbeatIntervalMs,
  });
  for (const fareKey of detected.departed) {
    previous.delete(fareKey);
  }
  for (const message of detected.publish) {
    previous.set(fareKeyOf(message), {
      fareKey: fareKeyOf(message),
      price: message.price,
      currency: message.currency,
      seatsAvailable: message.seatsAvailable,
      departureUtc: message.departureUtc,
      observation: message,
      publishedAtMs: atMs,
    });
    if (message.kind === 'change') {
      summary.changes += 1;
    } else {
      summary.heartbeats += 1;
    }
  }
  state.set(scope.jobKey, previous);
  return detected.publish;
}

/** Scopes whose departure day is over everywhere are never scraped again: drop their state. */
function forgetPastScopes(state: Map<string, Map<string, LastPublished>>, atMs: number): void {
  const yesterday = utcDateOf(atMs - 2 * 86_400_000);
  for (const jobKey of state.keys()) {
    if (jobKey.slice(-10) < yesterday) {
      state.delete(jobKey);
    }
  }
}

/**
 * Publishes every message with confirms, `publishConcurrency` at a time (an unconfirmed one is
 * retried); returns how many were confirmed (fewer only when `signal` stopped it).
 */
async function publishAll(deps: HistorySeederDeps, messages: FareObservation[], signal?: AbortSignal): Promise<number> {
  let next = 0;
  let confirmed = 0;
  const worker = async () => {
    while (next < messages.length && !signal?.aborted) {
      const message = messages[next] as FareObservation;
      next += 1;
      await publishOne(deps, message);
      confirmed += 1;
    }
  };
  await Promise.all(Array.from({ length: Math.min(deps.publishConcurrency, messages.length) }, worker));
  return confirmed;
}

async function publishOne(deps: HistorySeederDeps, message: FareObservation): Promise<void> {
  const routingKey = routingKeys.fareObservationIn(deps.regionOfAirport(message.origin));
  for (let attempt = 1; ; attempt += 1) {
    try {
      await deps.publisher.publish(routingKey, message, { messageId: message.observationId });
      return;
    } catch (error) {
      if (attempt >= PUBLISH_ATTEMPTS) {
        throw coerceError(error);
      }
      // The broker did not confirm (or the connection is re-opening): the same id again is harmless.
      await sleep(200 * 2 ** attempt);
    }
  }
}
