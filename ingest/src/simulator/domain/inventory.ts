import type { Cabin } from '@fareflow/shared';

import type { Clock } from '../../domain/clock';
import type { OfferFormat } from '../../domain/normalized-offer';
import { type FareModelOptions, type FareQuote, quoteMarket } from './fare-model';
import type { Schedule, ScheduledFlight } from './schedule';

/** One change of a fare the simulator had shown, as a client of the airline's format could see it. */
export interface ChangeRecord {
  seq: number;
  /** Simulated time of detection, ISO. */
  at: string;
  flightId: string;
  cabin: Cabin;
  format: OfferFormat;
  cause: 'market' | 'booking';
  before: string;
  after: string;
}

interface Tracked {
  flight: ScheduledFlight;
  cabin: Cabin;
  format: OfferFormat;
  visible: string;
}

export interface InventoryOptions {
  schedule: Schedule;
  clock: Clock;
  fareModel: FareModelOptions;
  /** Oldest records are dropped past this many (`totalChanges` keeps counting). */
  changeLogLimit: number;
}

/**
 * The simulator's fares and its record of changes. A fare enters the record once it has been
 * served; from then on every change of what a client can see of it (the price, the seat count
 * as the format shows it, sold out or not) is logged exactly once, when the simulator notices it:
 * on the next serve, on `sweep()`, or at once for a booking.
 */
export interface Inventory {
  quote(flight: ScheduledFlight, cabin: Cabin): FareQuote;
  /** Records what was served; logs a change if the visible fare moved since it was last seen. */
  served(flight: ScheduledFlight, cabin: Cabin, quote: FareQuote): void;
  /** Re-quotes every served fare at the clock's time and logs what moved; returns how many. */
  sweep(): number;
  /** Takes seats off a fare (a booking); logs the change if the fare had been served. */
  takeSeats(flight: ScheduledFlight, cabin: Cabin, seats: number): void;
  changes(sinceSeq: number, limit: number): ChangeRecord[];
  lastSeq(): number;
  trackedCount(): number;
}

/** What a client of `format` can see of a quote: Amadeus caps seats at 9, Duffel shows none. */
export function visibleFare(format: OfferFormat, quote: FareQuote): string {
  if (quote.seats <= 0 && format !== 'feed') {
    return 'sold-out';
  }
  const seats = format === 'amadeus' ? Math.min(quote.seats, 9) : format === 'duffel' ? 'open' : quote.seats;
  return `${quote.price} ${quote.currency} seats=${seats}`;
}

export function createInventory(options: InventoryOptions): Inventory {
  const { schedule, clock } = options;
  const booked = new Map<string, number>();
  const tracked = new Map<string, Tracked>();
  const log: ChangeRecord[] = [];
  let seq = 0;

  const keyOf = (flight: ScheduledFlight, cabin: Cabin) => `${flight.flightId}/${cabin}`;

  function quote(flight: ScheduledFlight, cabin: Cabin): FareQuote {
    const currency = schedule.profileOf(flight.route.carrier)?.currency ?? 'EUR';
    const market = quoteMarket(flight, cabin, clock.now(), options.fareModel, currency);
    return { ...market, seats: Math.max(0, market.seats - (booked.get(keyOf(flight, cabin)) ?? 0)) };
  }

  function note(flight: ScheduledFlight, cabin: Cabin, current: FareQuote, cause: ChangeRecord['cause']): boolean {
    const key = keyOf(flight, cabin);
    const entry = tracked.get(key);
    const format = flight.route.format;
    const visible = visibleFare(format, current);
    if (!entry) {
      if (cause === 'market') {
        tracked.set(key, { flight, cabin, format, visible });
      }
      return false;
    }
    if (entry.visible === visible) {
      return false;
    }
    seq += 1;
    log.push({
      seq,
      at: new Date(clock.now()).toISOString(),
      flightId: flight.flightId,
      cabin,
      format,
      cause,
      before: entry.visible,
      after: visible,
    });
    if (log.length > options.changeLogLimit) {
      log.splice(0, log.length - options.changeLogLimit);
    }
    entry.visible = visible;
    return true;
  }

  return {
    quote,
    served: (flight, cabin, current) => void note(flight, cabin, current, 'market'),
    sweep() {
      let changed = 0;
      const now = clock.now();
      for (const [key, entry] of tracked) {
        if (entry.flight.departureEpochMs <= now) {
          tracked.delete(key); // departed: no longer sold, so no longer a fare anyone can see
          continue;
        }
        if (note(entry.flight, entry.cabin, quote(entry.flight, entry.cabin), 'market')) {
          changed += 1;
        }
      }
      return changed;
    },
    takeSeats(flight, cabin, seats) {
      const key = keyOf(flight, cabin);
      booked.set(key, (booked.get(key) ?? 0) + seats);
      note(flight, cabin, quote(flight, cabin), 'booking');
    },
    changes(sinceSeq, limit) {
      const start = log.findIndex((record) => record.seq > sinceSeq);
      return start < 0 ? [] : log.slice(start, start + limit);
    },
    lastSeq: () => seq,
    trackedCount: () => tracked.size,
  };
}
