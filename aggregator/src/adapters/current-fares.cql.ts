/** CQL of the current-fare tables written per region keyspace (aggregator/cql/001_current_fares.cql, 002_offers_by_origin_day.cql). */

/** Columns every fare write sets, in bind order (the key columns of each table are among them). */
export const fareColumns = [
  'origin',
  'destination',
  'departure_date',
  'flight_id',
  'cabin',
  'carrier',
  'flight_number',
  'departure_local',
  'departure_utc',
  'arrival_local',
  'arrival_utc',
  'duration_minutes',
  'stops',
  'fare_class',
  'price',
  'currency',
  'seats_available',
  'offer_expires_at',
  'observed_at',
  'source',
] as const;

/**
 * `fares_by_route` is the one wide table still written; `fares_by_origin` and `fares_by_flight`
 * (001) are no longer read nor written (see the aggregator README on dropping them).
 * `USING TIMESTAMP ?` binds the event time: an older observation never overwrites a newer cell.
 * `TTL ?` binds the seconds until the flight's departure plus a grace (see domain/fare-ttl.ts): the
 * rows of a flight leave the store on their own once it has left.
 */
export function insertRouteFareCql(keyspace: string): string {
  const placeholders = fareColumns.map(() => '?').join(', ');
  return `INSERT INTO ${keyspace}.fares_by_route (${fareColumns.join(', ')}) VALUES (${placeholders}) USING TIMESTAMP ? AND TTL ?`;
}

/**
 * Sets seats only. Like every CQL UPDATE it upserts: a flight whose fare was not observed yet
 * gets a row holding just its seats (price null) until the first observation fills it.
 * Binds: timestamp, ttl, seats, origin, destination, date, flight id, cabin.
 */
export function updateRouteSeatsCql(keyspace: string): string {
  return `UPDATE ${keyspace}.fares_by_route USING TIMESTAMP ? AND TTL ? SET seats_available = ?
    WHERE origin = ? AND destination = ? AND departure_date = ? AND flight_id = ? AND cabin = ?`;
}

/** The fare's row in `offers_by_origin_day`. Binds: timestamp, ttl, offer, seats, origin, date, destination, flight id, cabin. */
export function upsertOfferCql(keyspace: string): string {
  return `UPDATE ${keyspace}.offers_by_origin_day USING TIMESTAMP ? AND TTL ? SET offer = ?, seats_available = ?
    WHERE origin = ? AND departure_date = ? AND destination = ? AND flight_id = ? AND cabin = ?`;
}

/**
 * Seats only (an upsert too: seats before the first observation leave a row without an offer,
 * which readers skip). Binds: timestamp, ttl, seats, origin, date, destination, flight id, cabin.
 */
export function updateOfferSeatsCql(keyspace: string): string {
  return `UPDATE ${keyspace}.offers_by_origin_day USING TIMESTAMP ? AND TTL ? SET seats_available = ?
    WHERE origin = ? AND departure_date = ? AND destination = ? AND flight_id = ? AND cabin = ?`;
}
