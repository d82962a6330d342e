import type { Cabin, FareObservation } from '@fareflow/shared';

import { parseOffers, toObservations } from '../adapters/parse-saved-response';
import { addDays, DAY_MS, utcDateOf } from '../domain/clock';
import type { SkippedOffer } from '../domain/normalized-offer';
import { scopeOf, type ScrapeTarget } from '../scheduling/scrape-planner';
import { type FareModelOptions, quoteMarket } from '../simulator/domain/fare-model';
import type { Schedule, ScheduledFlight } from '../simulator/domain/schedule';
import { renderAmadeusOffers } from '../simulator/formats/amadeus-format';
import { renderDuffelOfferRequest } from '../simulator/formats/duffel-format';
import { renderFeed } from '../simulator/formats/feed-format';
import type { QuotedFare } from '../simulator/formats/quoted-fare';

/** The hour (UTC) of each simulated day's observation: fixed, so a replay's observation ids are too. */
export const REPLAY_HOUR_UTC = 12;

/**
 * The simulated scrape instants of a replay of `days` days before `nowMs`, oldest first: one per
 * UTC day at REPLAY_HOUR_UTC, from `days` days ago to yesterday (always in the past). The same
 * days give the same instants whenever the replay runs, so observation ids repeat and a second
 * run stores nothing twice.
 */
export function replayInstants(nowMs: number, days: number): number[] {
  const today = Date.parse(`${utcDateOf(nowMs)}T00:00:00Z`);
  return Array.from(
    { length: days },
    (_unused, index) => today - (days - index) * DAY_MS + REPLAY_HOUR_UTC * 3_600_000,
  );
}

/** One scrape of one scope at one simulated instant, as the scrape planner would have planned it. */
export interface ReplayScope {
  target: ScrapeTarget;
  departureDate: string;
  /** The scope's key in change detection (the scrape job's `jobKey`). */
  jobKey: string;
}

/**
 * The scopes a scrape cycle at `atMs` covers: every target, departure days from that UTC day on
 * (`horizonDays` of them, as the live scrape). With `watchedFrom` (the replay's real today), the
 * departures of the live horizon from that day on are observed too, every simulated day: so the
 * departures a person looks at after the replay have their whole history, not only the last week
 * (a real scraper would have watched them since they went on sale).
 */
export function scopesAt(
  targets: readonly ScrapeTarget[],
  atMs: number,
  horizonDays: number,
  watchedFrom?: string,
): ReplayScope[] {
  const window = (from: string) => Array.from({ length: horizonDays }, (_unused, day) => addDays(from, day));
  const days = new Set([...window(utcDateOf(atMs)), ...(watchedFrom === undefined ? [] : window(watchedFrom))]);
  return [...days].flatMap((departureDate) =>
    targets.map((target) => ({
      target,
      departureDate,
      jobKey: `${scopeOf(target)}:${departureDate}`,
    })),
  );
}

export interface MarketReplay {
  schedule: Schedule;
  fareModel: FareModelOptions;
  carrierNames: Map<string, string>;
}

/**
 * What the airline of `scope` would have answered at `atMs`, from the simulator's own fare model
 * (no bookings: those are live only), rendered in the airline's format and normalized by ingest's
 * parsers exactly as a scrape's answer is. Flights that had departed by then are not offered.
 */
export function observeScope(
  market: MarketReplay,
  scope: ReplayScope,
  atMs: number,
): { observations: FareObservation[]; skipped: SkippedOffer[] } {
  const { target, departureDate } = scope;
  const flights =
    target.format === 'feed'
      ? market.schedule.flightsFrom(target.carrier ?? '', target.origin, departureDate)
      : market.schedule.flightsOnRoute(target.format, target.origin, target.destination ?? '', departureDate);
  const fares = quote(market, flights, atMs);
  const body =
    target.format === 'amadeus'
      ? renderAmadeusOffers(fares, `/replay/${scope.jobKey}`, market.carrierNames)
      : target.format === 'duffel'
        ? renderDuffelOfferRequest(fares, {
            id: `orq_replay_${atMs}`,
            nowMs: atMs,
            slices: [],
            carrierNames: market.carrierNames,
          })
        : renderFeed(fares, target.carrier ?? '', departureDate, atMs);
  return toObservations(parseOffers(target.format, body, target.source), new Date(atMs).toISOString());
}

function quote(market: MarketReplay, flights: readonly ScheduledFlight[], atMs: number): QuotedFare[] {
  const fares: QuotedFare[] = [];
  for (const flight of flights) {
    if (flight.departureEpochMs <= atMs) {
      continue;
    }
    const currency = market.schedule.profileOf(flight.route.carrier)?.currency ?? 'EUR';
    for (const cabin of market.fareModel.cabins as readonly Cabin[]) {
      fares.push({ flight, cabin, quote: quoteMarket(flight, cabin, atMs, market.fareModel, currency) });
    }
  }
  return fares;
}
