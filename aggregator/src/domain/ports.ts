import type { Cabin } from '@fareflow/shared';

/** One row of the append-only price history (PostgreSQL `price_observations`). */
export interface HistoryRow {
  observedAt: string;
  observationId: string;
  kind: 'change' | 'heartbeat';
  flightId: string;
  carrier: string;
  flightNumber: string;
  origin: string;
  destination: string;
  departureDate: string;
  departureUtc: string;
  cabin: Cabin;
  fareClass: string;
  price: string;
  currency: string;
  seatsAvailable: number;
  source: string;
}

/** The current fare of one flight and cabin, for its region's Cassandra keyspace. */
export interface CurrentFare {
  region: string;
  flightId: string;
  cabin: Cabin;
  carrier: string;
  flightNumber: string;
  origin: string;
  destination: string;
  departureDate: string;
  departureLocal: string;
  departureUtc: string;
  arrivalLocal: string;
  arrivalUtc: string;
  durationMinutes: number;
  stops: number;
  fareClass: string;
  price: string;
  currency: string;
  seatsAvailable: number;
  offerExpiresAt: string | undefined;
  observedAt: string;
  source: string;
  /** Write timestamp (µs since epoch) = observation time. */
  writeTimeMicros: number;
}

/** New seat count of one flight and cabin (from the order service), for its region's keyspace. */
export interface SeatChange {
  region: string;
  flightId: string;
  cabin: Cabin;
  origin: string;
  destination: string;
  departureDate: string;
  seatsAvailable: number;
  /** Write timestamp (µs since epoch) = the change's time. */
  writeTimeMicros: number;
}

/**
 * Append-only price history. `append` resolves once the rows are committed and returns how many
 * were new: a row whose (observedAt, observationId) is already stored is skipped, so replays add
 * nothing. Creating the partitions the rows need is the store's job. Reads are out of scope.
 */
export interface PriceHistoryStore {
  append(rows: readonly HistoryRow[]): Promise<number>;
}

/**
 * Current availability per region. Each cell is written with the event time as its write
 * timestamp, so an older event never overwrites a newer one whatever the arrival order.
 * Resolves once every write was acknowledged; rejects if any failed (all writes are idempotent).
 */
export interface CurrentFareStore {
  writeFares(fares: readonly CurrentFare[]): Promise<void>;
  /** Updates `seats_available` only. */
  writeSeats(changes: readonly SeatChange[]): Promise<void>;
}

/** What the aggregator reports; a Prometheus adapter implements it, tests may fake it. */
export interface AggregatorMetrics {
  observeBatch(queue: string, size: number): void;
  observeStoreWrite(store: 'postgres' | 'cassandra', seconds: number): void;
  /** Messages of `queue` committed to every store; `lagSeconds` = event time -> committed, one per message. */
  observeCommitted(queue: string, lagSeconds: readonly number[]): void;
  countDeadLetter(queue: string, code: string): void;
}
