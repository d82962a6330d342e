import {
  INVENTORY_CHANGED_V1,
  normalizeAmount,
  type RegionOfFlight,
  routingKeys,
  type SqlExecutor,
} from '@fareflow/shared';

import { inventoryKey } from '../domain/order';
import type { InventoryDelta, InventorySnapshot } from '../domain/seat-allocation';

interface InventoryRow {
  flight_id: string;
  cabin: string;
  allotment_seats: number;
  airline_seats: number;
  booking_limit: number;
  oversell_limit: number;
  sold: number;
  held: number;
  price: string | null;
  currency: string | null;
  departure_utc: Date | null;
}

export interface InventoryRecord extends InventorySnapshot {
  allotmentSeats: number;
  airlineSeats: number;
  seatsAvailable: number;
}

const COLUMNS =
  'flight_id, cabin, allotment_seats, airline_seats, booking_limit, oversell_limit, sold, held, price, currency, departure_utc';

function rowToRecord(row: InventoryRow): InventoryRecord {
  return {
    flightId: row.flight_id,
    cabin: row.cabin,
    allotmentSeats: row.allotment_seats,
    airlineSeats: row.airline_seats,
    bookingLimit: row.booking_limit,
    oversellLimit: row.oversell_limit,
    sold: row.sold,
    held: row.held,
    price: row.price === null ? undefined : normalizeAmount(row.price),
    currency: row.currency ?? undefined,
    departureUtcMs: row.departure_utc?.getTime(),
    seatsAvailable: Math.max(row.booking_limit - row.sold - row.held, 0),
  };
}

export interface InventoryKey {
  flightId: string;
  cabin: string;
}

/** Locks the rows in (flight, cabin) order: the one lock order every transaction uses. */
export async function lockInventory(db: SqlExecutor, keys: InventoryKey[]): Promise<Map<string, InventoryRecord>> {
  const { rows } = await db.query<InventoryRow>(
    `SELECT ${COLUMNS} FROM inventory
      WHERE (flight_id, cabin) IN (SELECT * FROM unnest($1::text[], $2::text[]))
      ORDER BY flight_id, cabin FOR UPDATE`,
    [keys.map((key) => key.flightId), keys.map((key) => key.cabin)],
  );
  return new Map(rows.map((row) => [inventoryKey(row.flight_id, row.cabin), rowToRecord(row)]));
}

export async function findInventory(db: SqlExecutor, keys: InventoryKey[]): Promise<Map<string, InventoryRecord>> {
  const { rows } = await db.query<InventoryRow>(
    `SELECT ${COLUMNS} FROM inventory WHERE (flight_id, cabin) IN (SELECT * FROM unnest($1::text[], $2::text[]))`,
    [keys.map((key) => key.flightId), keys.map((key) => key.cabin)],
  );
  return new Map(rows.map((row) => [inventoryKey(row.flight_id, row.cabin), rowToRecord(row)]));
}

export class InventoryConflictError extends Error {
  constructor(
    readonly expected: number,
    readonly applied: number,
  ) {
    super(`inventory update applied to ${applied} of ${expected} rows: a limit would have been passed`);
    this.name = 'InventoryConflictError';
  }
}

/**
 * Applies seat deltas with one conditional UPDATE: a row changes only if the result stays within
 * 0 <= sold, held and sold + held <= booking limit + oversell limit. If any row would not, throws
 * (the caller's transaction rolls back: all or nothing). In the same statement, writes one
 * `inventory.changed.v1` outbox row per row whose available seats changed, routed to the flight's
 * region (`inventory.changed.v1.<region>`, so that the aggregator's queue of that region gets it).
 */
export async function applyInventoryDeltas(
  db: SqlExecutor,
  deltas: InventoryDelta[],
  regionOfFlight: RegionOfFlight,
): Promise<void> {
  if (deltas.length === 0) {
    return;
  }
  const { rowCount } = await db.query(
    `WITH changed AS (
       UPDATE inventory i
          SET sold = i.sold + d.sold, held = i.held + d.held, updated_at = clock_timestamp()
         FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::text[])
              AS d(flight_id, cabin, sold, held, routing_key)
        WHERE i.flight_id = d.flight_id AND i.cabin = d.cabin
          AND i.sold + d.sold >= 0 AND i.held + d.held >= 0
          AND i.sold + i.held + d.sold + d.held <= i.booking_limit + i.oversell_limit
        RETURNING i.flight_id, i.cabin, greatest(i.booking_limit - i.sold - i.held, 0) AS seats_available,
                  d.sold + d.held AS net, d.routing_key
     ), events AS (
       INSERT INTO outbox (id, routing_key, message_id, payload)
       SELECT e.id, e.routing_key, 'inventory-' || e.id, jsonb_build_object(
                'schema', $6::text, 'eventId', e.id::text, 'flightId', e.flight_id, 'cabin', e.cabin,
                'seatsAvailable', e.seats_available,
                'changedAt', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
         FROM (SELECT nextval(pg_get_serial_sequence('outbox', 'id')) AS id, c.* FROM changed c WHERE c.net <> 0) e
     )
     SELECT flight_id FROM changed`,
    [
      deltas.map((delta) => delta.flightId),
      deltas.map((delta) => delta.cabin),
      deltas.map((delta) => delta.sold),
      deltas.map((delta) => delta.held),
      deltas.map((delta) => inventoryRoutingKey(delta.flightId, regionOfFlight)),
      INVENTORY_CHANGED_V1,
    ],
  );
  if (rowCount !== deltas.length) {
    throw new InventoryConflictError(deltas.length, rowCount ?? 0);
  }
}

export interface InventoryUpsert {
  flightId: string;
  cabin: string;
  airlineSeats: number;
  oversellLimit: number;
  price: string | undefined;
  currency: string | undefined;
  /** When the flight leaves; kept as it is when undefined. */
  departureUtc?: Date | undefined;
}

/** Creates or reconfigures a flight's inventory (operators, fares feed, tests); keeps sold/held. */
export async function upsertInventory(db: SqlExecutor, input: InventoryUpsert): Promise<void> {
  await db.query(
    `INSERT INTO inventory (flight_id, cabin, airline_seats, oversell_limit, price, currency, departure_utc)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (flight_id, cabin) DO UPDATE
       SET airline_seats = EXCLUDED.airline_seats, oversell_limit = EXCLUDED.oversell_limit,
           price = EXCLUDED.price, currency = EXCLUDED.currency,
           departure_utc = coalesce(EXCLUDED.departure_utc, inventory.departure_utc), updated_at = clock_timestamp()`,
    [
      input.flightId,
      input.cabin,
      input.airlineSeats,
      input.oversellLimit,
      input.price ?? null,
      input.currency ?? null,
      input.departureUtc ?? null,
    ],
  );
}

/** Adds bought allotment seats to a flight's inventory (creating the row, unpriced, if new). */
export async function addAllotmentSeats(
  db: SqlExecutor,
  flightId: string,
  cabin: string,
  seats: number,
): Promise<void> {
  await db.query(
    `INSERT INTO inventory (flight_id, cabin, allotment_seats) VALUES ($1, $2, $3)
     ON CONFLICT (flight_id, cabin) DO UPDATE
       SET allotment_seats = inventory.allotment_seats + EXCLUDED.allotment_seats, updated_at = clock_timestamp()`,
    [flightId, cabin, seats],
  );
}

/**
 * Writes an `inventory.changed.v1` outbox row with the current available seats of each key, routed
 * to the flight's region.
 */
export async function recordInventoryEvents(
  db: SqlExecutor,
  keys: InventoryKey[],
  regionOfFlight: RegionOfFlight,
): Promise<void> {
  await db.query(
    `INSERT INTO outbox (id, routing_key, message_id, payload)
     SELECT e.id, e.routing_key, 'inventory-' || e.id, jsonb_build_object(
              'schema', $4::text, 'eventId', e.id::text, 'flightId', e.flight_id, 'cabin', e.cabin,
              'seatsAvailable', greatest(e.booking_limit - e.sold - e.held, 0),
              'changedAt', to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'))
       FROM (SELECT nextval(pg_get_serial_sequence('outbox', 'id')) AS id, k.routing_key, i.*
               FROM inventory i
               JOIN unnest($1::text[], $2::text[], $3::text[]) AS k(flight_id, cabin, routing_key)
                 ON k.flight_id = i.flight_id AND k.cabin = i.cabin) e`,
    [
      keys.map((key) => key.flightId),
      keys.map((key) => key.cabin),
      keys.map((key) => inventoryRoutingKey(key.flightId, regionOfFlight)),
      INVENTORY_CHANGED_V1,
    ],
  );
}

/** `inventory.changed.v1.<region>` of the flight's origin. */
function inventoryRoutingKey(flightId: string, regionOfFlight: RegionOfFlight): string {
  return routingKeys.inventoryChangedIn(regionOfFlight(flightId));
}
