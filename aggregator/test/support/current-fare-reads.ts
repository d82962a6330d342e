import { parseFlightId, type RegionStore } from '@fareflow/shared';

export interface StoredFare {
  price: string;
  seats: number;
}

/** Every row of a region's `fares_by_route` (a scan: test keyspaces are small), by flight id. */
export async function storedFares(store: RegionStore): Promise<Map<string, StoredFare>> {
  const result = await store.client.execute(
    `SELECT flight_id, price, seats_available FROM ${store.keyspace}.fares_by_route`,
    [],
    { prepare: true, fetchSize: 10_000 },
  );
  return new Map(result.rows.map((row) => [String(row['flight_id']), toStoredFare(row)]));
}

/** One flight's row in `fares_by_route` (its key comes from the flight id), or undefined. */
export async function storedFare(store: RegionStore, flightId: string, cabin: string): Promise<StoredFare | undefined> {
  const key = parseFlightId(flightId);
  if (!key) {
    throw new Error(`not a flight id: ${flightId}`);
  }
  const row = (
    await store.client.execute(
      `SELECT price, seats_available FROM ${store.keyspace}.fares_by_route
        WHERE origin = ? AND destination = ? AND departure_date = ? AND flight_id = ? AND cabin = ?`,
      [key.origin, key.destination, key.departureDate, flightId, cabin],
      { prepare: true },
    )
  ).first();
  return row ? toStoredFare(row) : undefined;
}

function toStoredFare(row: { get(column: string): unknown }): StoredFare {
  return { price: String(row.get('price')), seats: Number(row.get('seats_available')) };
}
