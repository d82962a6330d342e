import type { Cabin, PreorderRequested } from '@fareflow/shared';

import type { BookingRecord } from './demand-model';
import type { PreorderLedger } from './preorder-plan';

/** The last fare of one flight and cabin on one UTC day. Amounts are exact decimal strings. */
export interface DailyFare {
  flightId: string;
  cabin: Cabin;
  origin: string;
  destination: string;
  departureDay: number;
  day: number;
  price: string;
  currency: string;
  seatsAvailable: number;
}

/** Reads the aggregator's price history. Out of scope: intra-day moves (one fare per day is what the model uses). */
export interface PriceHistorySource {
  /** Every flight and cabin's last fare per UTC day, for days in [fromDay, toDay]. */
  loadDailyFares(fromDay: number, toDay: number): Promise<DailyFare[]>;
}

/**
 * Seats sold through our own order service, per flight and cabin (key `flightId|cabin`).
 * The demand model works without it (seat counts alone); wiring it adds our own sales.
 */
export interface OrderHistorySource {
  loadBookings(flightIds: readonly string[], fromDay: number, toDay: number): Promise<Map<string, BookingRecord[]>>;
}

export interface ForecastPathPoint {
  date: string;
  low: string;
  median: string;
  high: string;
}

/** One row of `price_forecasts`. */
export interface StoredForecast {
  flightId: string;
  cabin: Cabin;
  origin: string;
  destination: string;
  departureDate: string;
  asOfDate: string;
  currency: string;
  currentPrice: string;
  expectedLowestPrice: string;
  expectedLowestDate: string;
  riseProbability7d: number;
  advice: 'BUY' | 'WAIT';
  adviceConfidence: number;
  waitUntil?: string;
  expectedBookings: number;
  seatsAvailable: number;
  path: ForecastPathPoint[];
}

export interface RunSummary {
  runId: string;
  flights: number;
  forecasts: number;
  insights: number;
  insightsSkipped: number;
  preordersPublished: number;
  preordersSkipped: number;
  durationMs: number;
}

export interface ForecastStore {
  startRun(runId: string, modelVersion: string, startedAt: Date): Promise<void>;
  /** Upserts (the latest forecast per flight and cabin wins); returns rows written. */
  saveForecasts(
    runId: string,
    modelVersion: string,
    computedAt: Date,
    forecasts: readonly StoredForecast[],
  ): Promise<number>;
  finishRun(summary: RunSummary, error?: string): Promise<void>;
}

/** What the availability API's insights endpoint serves for a route and departure day. */
export interface PriceInsight {
  origin: string;
  destination: string;
  departureDate: string;
  currency: string;
  band?: { min: string; q1: string; median: string; q3: string; max: string; samples: number };
  expectedLowestPrice: string;
  expectedLowestDate: string;
  riseProbability7d: number;
  advice: 'BUY' | 'WAIT';
  adviceConfidence: number;
  /** JSON of the forecast path ([{date, low, median, high}]). */
  forecastPath: string;
}

/** Writes insights into one region's store (Cassandra keyspace). */
export interface InsightStore {
  regions(): string[];
  writeInsights(
    region: string,
    insights: readonly PriceInsight[],
    computedAt: Date,
    modelVersion: string,
  ): Promise<void>;
}

/**
 * Pre-order decisions in PostgreSQL. `decide` runs `plan` inside one transaction that holds a
 * lock, so concurrent runs cannot both spend the same budget; the returned requests are stored
 * as pending before anything is published.
 */
export interface PreorderStore {
  decide(
    flightKeys: readonly { flightId: string; cabin: string }[],
    budgetPeriodStart: Date,
    plan: (ledger: PreorderLedger) => PreorderRequested[],
  ): Promise<PreorderRequested[]>;
  /** Decided but not yet confirmed by the broker (a crash or a broker outage in between). */
  findPending(limit: number): Promise<PreorderRequested[]>;
  markPublished(idempotencyKey: string, publishedAt: Date): Promise<void>;
}

/** Resolves only once the broker confirmed the message. */
export interface PreorderPublisher {
  publish(request: PreorderRequested): Promise<void>;
}
