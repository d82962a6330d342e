import {
  decodeFareOfferCell,
  encodeCheapestOffers,
  pickCheapestOffers,
  type RegionStore,
  type SeatedOffer,
} from '@fareflow/shared';
import { types } from 'cassandra-driver';

import { dayExpiryMs, type FareRetention, ttlSecondsUntil } from '../domain/fare-ttl';

/** An origin, local departure day and destination: a row of `cheapest_by_origin_day`. */
export interface RouteDay {
  origin: string;
  departureDate: string;
  destination: string;
}

export interface CheapestRefresherDeps {
  /** Write timestamps (µs): strictly increasing (see aggregator/cql/003_cheapest_by_origin_day.cql). */
  nowMicros: () => number;
  /** Route-days recomputed at once per call. */
  concurrencyLevel: number;
  /** The row of a day expires with the day's flights (see domain/fare-ttl.ts). */
  retention: FareRetention;
}

/**
 * Recomputes `cheapest_by_origin_day` for route-days whose offers were just written (and
 * acknowledged): reads every offer of the route and day, keeps the cheapest bookable one per
 * currency, and overwrites the row (or deletes its cell when nothing is bookable). Idempotent:
 * running it again for the same route-day gives the same row.
 */
export function createCheapestRefresher(deps: CheapestRefresherDeps) {
  const cqlOf = (keyspace: string) => ({
    read: `SELECT flight_id, cabin, offer, seats_available FROM ${keyspace}.offers_by_origin_day
      WHERE origin = ? AND departure_date = ? AND destination = ?`,
    write: `UPDATE ${keyspace}.cheapest_by_origin_day USING TIMESTAMP ? AND TTL ? SET cheapest = ?
      WHERE origin = ? AND departure_date = ? AND destination = ?`,
  });

  const refreshOne = async (store: RegionStore, routeDay: RouteDay) => {
    const cql = cqlOf(store.keyspace);
    const ttl = ttlSecondsUntil(dayExpiryMs(routeDay.departureDate, deps.retention.graceMs), deps.retention.nowMs());
    if (ttl === undefined) {
      return;
    }
    const key = [routeDay.origin, types.LocalDate.fromString(routeDay.departureDate), routeDay.destination];
    // Taken before the read: the latest read wins, and it saw every write acknowledged before it.
    const timestamp = deps.nowMicros();
    const result = await store.client.execute(cql.read, key, { prepare: true, fetchSize: 5_000 });
    const offers: SeatedOffer[] = [];
    for (const row of result.rows) {
      const cell = decodeFareOfferCell(String(row['offer'] ?? ''));
      if (cell) {
        const seatsAvailable = (row['seats_available'] as number | null) ?? 0;
        offers.push({ ...cell, flightId: String(row['flight_id']), cabin: String(row['cabin']), seatsAvailable });
      }
    }
    const cheapest = encodeCheapestOffers(pickCheapestOffers(offers));
    await store.client.execute(cql.write, [timestamp, ttl, cheapest, ...key], { prepare: true });
  };

  return {
    /** Recomputes each distinct route-day once. */
    async refresh(store: RegionStore, routeDays: readonly RouteDay[]): Promise<void> {
      const distinct = new Map(routeDays.map((day) => [`${day.origin}|${day.departureDate}|${day.destination}`, day]));
      const queue = [...distinct.values()];
      const worker = async () => {
        for (let next = queue.pop(); next; next = queue.pop()) {
          await refreshOne(store, next);
        }
      };
      await Promise.all(Array.from({ length: Math.min(deps.concurrencyLevel, queue.length) }, worker));
    },
  };
}
