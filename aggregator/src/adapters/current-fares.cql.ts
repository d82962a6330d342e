/** CQL of the current-fare tables (aggregator/cql/001_current_fares.cql, 002_offers_by_origin_day.cql), per region keyspace. */

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

export const fareTables = ['fares_by_route', 'fares_by_origin', 'fares_by_flight'] as const;

/** `USING TIMESTAMP ?` binds the event time: an older observation never overwrites a newer cell. */
export function insertFareCql(keyspace: string, table: (typeof fareTables)[number]): string {
  const placeholders = fareColumns.map(() => '?').join(', ');
  return `INSERT INTO ${keyspace}.${table} (${fareColumns.join(', ')}) VALUES (${placeholders}) USING TIMESTAMP ?`;
}

/** Key columns of each table, in the bind order of `updateSeatsCql`. */
export const seatKeys = {
  fares_by_route: ['origin', 'destination', 'departure_date', 'flight_id', 'cabin'],
  fares_by_origin: ['origin', 'departure_date', 'destination', 'flight_id', 'cabin'],
  fares_by_flight: ['flight_id', 'cabin'],
} as const satisfies Record<(typeof fareTables)[number], readonly (typeof fareColumns)[number][]>;

/**
 * Sets seats only. Like every CQL UPDATE it upserts: a flight whose fare was not observed yet
 * gets a row holding just its seats (price null) until the first observation fills it.
 */
export function updateSeatsCql(keyspace: string, table: (typeof fareTables)[number]): string {
  const where = seatKeys[table].map((column) => `${column} = ?`).join(' AND ');
  return `UPDATE ${keyspace}.${table} USING TIMESTAMP ? SET seats_available = ? WHERE ${where}`;
}

/** The fare's row in `offers_by_origin_day`. Binds: timestamp, offer, seats, origin, date, destination, flight id, cabin. */
export function upsertOfferCql(keyspace: string): string {
  return `UPDATE ${keyspace}.offers_by_origin_day USING TIMESTAMP ? SET offer = ?, seats_available = ?
    WHERE origin = ? AND departure_date = ? AND destination = ? AND flight_id = ? AND cabin = ?`;
}

/**
 * Seats only (an upsert too: seats before the first observation leave a row without an offer,
 * which readers skip). Binds: timestamp, seats, origin, date, destination, flight id, cabin.
 */
export function updateOfferSeatsCql(keyspace: string): string {
  return `UPDATE ${keyspace}.offers_by_origin_day USING TIMESTAMP ? SET seats_available = ?
    WHERE origin = ? AND departure_date = ? AND destination = ? AND flight_id = ? AND cabin = ?`;
}
