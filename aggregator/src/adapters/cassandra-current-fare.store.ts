import {
  coerceError,
  encodeFareOfferCell,
  fareHistoryBinds,
  type FareHistoryRow,
  observedOnOf,
  type RegionStore,
  RetryableError,
  upsertFareHistoryCql,
} from '@fareflow/shared';
import { concurrent, types } from 'cassandra-driver';

import { createMonotonicMicros } from '../domain/event-time';
import { dayExpiryMs, fareExpiryMs, type FareRetention, ttlSecondsUntil } from '../domain/fare-ttl';
import type { CurrentFare, CurrentFareStore, SeatChange } from '../domain/ports';
import { createCheapestRefresher } from './cheapest-offers.refresher';
import {
  fareColumns,
  insertRouteFareCql,
  updateOfferSeatsCql,
  updateRouteSeatsCql,
  upsertOfferCql,
} from './current-fares.cql';

export interface CassandraCurrentFareStoreDeps {
  /** One store per configured region (its client is pinned to the region's datacenter). */
  regions: ReadonlyMap<string, RegionStore>;
  /** Writes in flight per region and call; the driver prepares each statement once. */
  concurrencyLevel: number;
  /** Write timestamps of the derived `cheapest_by_origin_day` rows; default: a monotonic clock from `Date.now`. */
  nowMicros?: () => number;
  /** How long rows outlive their flight's departure, and the clock their TTLs are counted from. */
  retention: FareRetention;
}

type Query = { query: string; params: unknown[] };

/**
 * Current fares and seats in each region's keyspace: the fare's wide row in `fares_by_route` (route
 * and date-range reads), its compact row in `offers_by_origin_day` (origin and day reads) and its
 * observation day's row in `fare_history_by_route_day` (how the route and day's fares moved),
 * written as prepared statements with the event time as write timestamp (last write wins by event
 * time, per cell). Once those are acknowledged, the `cheapest_by_origin_day` row of each route and
 * day touched is recomputed from them.
 */
export function createCassandraCurrentFareStore(deps: CassandraCurrentFareStoreDeps): CurrentFareStore {
  const statements = new Map<
    string,
    { insertFare: string; updateSeats: string; upsertOffer: string; updateOfferSeats: string; upsertHistory: string }
  >();
  const cheapest = createCheapestRefresher({
    nowMicros: deps.nowMicros ?? createMonotonicMicros(),
    concurrencyLevel: deps.concurrencyLevel,
    retention: deps.retention,
  });
  const { graceMs } = deps.retention;
  const statementsOf = (keyspace: string) => {
    let found = statements.get(keyspace);
    if (!found) {
      found = {
        insertFare: insertRouteFareCql(keyspace),
        updateSeats: updateRouteSeatsCql(keyspace),
        upsertOffer: upsertOfferCql(keyspace),
        updateOfferSeats: updateOfferSeatsCql(keyspace),
        upsertHistory: upsertFareHistoryCql(keyspace),
      };
      statements.set(keyspace, found);
    }
    return found;
  };

  async function execute<T extends { region: string; origin: string; departureDate: string; destination: string }>(
    items: readonly T[],
    toQueries: (item: T, store: RegionStore) => Query[],
  ) {
    const byRegion = groupByRegion(items);
    await Promise.all(
      [...byRegion].map(async ([region, regionItems]) => {
        const store = deps.regions.get(region);
        if (!store) {
          // Routing refuses unconfigured regions first; reaching this is a wiring bug.
          throw new RetryableError('CASSANDRA_REGION_MISSING', `no Cassandra client for region "${region}"`);
        }
        const queries = regionItems.flatMap((item) => toQueries(item, store));
        try {
          await concurrent.executeConcurrent(store.client, queries, {
            concurrencyLevel: deps.concurrencyLevel,
            raiseOnFirstError: true,
          });
          await cheapest.refresh(store, regionItems);
        } catch (error) {
          throw new RetryableError('CASSANDRA_WRITE_FAILED', `cassandra ${region}: ${coerceError(error).message}`, {
            cause: error,
          });
        }
      }),
    );
  }

  return {
    writeFares: (fares) =>
      execute(fares, (fare, store) => {
        const ttl = ttlSecondsUntil(fareExpiryMs(fare.departureUtc, graceMs), deps.retention.nowMs());
        if (ttl === undefined) {
          return []; // the flight left long ago: nothing of it belongs in the current store
        }
        const params = [...fareValues(fare), fare.writeTimeMicros, ttl];
        const cql = statementsOf(store.keyspace);
        return [
          { query: cql.insertFare, params },
          { query: cql.upsertOffer, params: offerValues(fare, ttl) },
          { query: cql.upsertHistory, params: fareHistoryBinds(historyRowOf(fare), fare.writeTimeMicros, ttl) },
        ];
      }),
    writeSeats: (changes) =>
      execute(changes, (change, store) => {
        const cql = statementsOf(store.keyspace);
        const date = types.LocalDate.fromString(change.departureDate);
        const { origin, destination, flightId, cabin } = change;
        const ttl = ttlSecondsUntil(dayExpiryMs(change.departureDate, graceMs), deps.retention.nowMs());
        if (ttl === undefined) {
          return [];
        }
        return [
          {
            query: cql.updateSeats,
            params: [change.writeTimeMicros, ttl, change.seatsAvailable, origin, destination, date, flightId, cabin],
          },
          {
            query: cql.updateOfferSeats,
            params: [change.writeTimeMicros, ttl, change.seatsAvailable, ...offerKeyValues(change)],
          },
        ];
      }),
  };
}

function groupByRegion<T extends { region: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.region);
    if (group) {
      group.push(item);
    } else {
      groups.set(item.region, [item]);
    }
  }
  return groups;
}

function fareValues(fare: CurrentFare): unknown[] {
  const values: Record<(typeof fareColumns)[number], unknown> = {
    origin: fare.origin,
    destination: fare.destination,
    departure_date: types.LocalDate.fromString(fare.departureDate),
    flight_id: fare.flightId,
    cabin: fare.cabin,
    carrier: fare.carrier,
    flight_number: fare.flightNumber,
    departure_local: fare.departureLocal,
    departure_utc: new Date(fare.departureUtc),
    arrival_local: fare.arrivalLocal,
    arrival_utc: new Date(fare.arrivalUtc),
    duration_minutes: fare.durationMinutes,
    stops: fare.stops,
    fare_class: fare.fareClass,
    price: types.BigDecimal.fromString(fare.price),
    currency: fare.currency,
    seats_available: fare.seatsAvailable,
    // null clears an expiry left by an older offer (at this write's timestamp only).
    offer_expires_at: fare.offerExpiresAt === undefined ? null : new Date(fare.offerExpiresAt),
    observed_at: new Date(fare.observedAt),
    source: fare.source,
  };
  return fareColumns.map((column) => values[column]);
}

/** The fare as its observation day's row of `fare_history_by_route_day` (the last write of the day wins). */
function historyRowOf(fare: CurrentFare): FareHistoryRow {
  return {
    origin: fare.origin,
    destination: fare.destination,
    departureDate: fare.departureDate,
    cabin: fare.cabin,
    observedOn: observedOnOf(fare.observedAt),
    flightId: fare.flightId,
    price: fare.price,
    currency: fare.currency,
    seatsAvailable: fare.seatsAvailable,
    departureUtc: fare.departureUtc,
    observedAt: fare.observedAt,
  };
}

/** Binds of `upsertOfferCql`. */
function offerValues(fare: CurrentFare, ttlSeconds: number): unknown[] {
  const offer = encodeFareOfferCell({
    carrier: fare.carrier,
    flightNumber: fare.flightNumber,
    fareClass: fare.fareClass,
    departureLocal: fare.departureLocal,
    departureUtc: fare.departureUtc,
    arrivalLocal: fare.arrivalLocal,
    arrivalUtc: fare.arrivalUtc,
    durationMinutes: fare.durationMinutes,
    stops: fare.stops,
    price: fare.price,
    currency: fare.currency,
    observedAt: fare.observedAt,
    offerExpiresAt: fare.offerExpiresAt,
  });
  return [fare.writeTimeMicros, ttlSeconds, offer, fare.seatsAvailable, ...offerKeyValues(fare)];
}

/** Key of a fare's `offers_by_origin_day` row, in bind order. */
function offerKeyValues(key: SeatChange | CurrentFare): unknown[] {
  const date = types.LocalDate.fromString(key.departureDate);
  return [key.origin, date, key.destination, key.flightId, key.cabin];
}
