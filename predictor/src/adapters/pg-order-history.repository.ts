import type { SqlExecutor } from '@fareflow/shared';

import { fromEpochDay, toEpochDay } from '../domain/calendar';
import type { BookingRecord } from '../domain/demand-model';
import type { OrderHistorySource } from '../domain/ports';

interface BookingRow {
  flight_id: string;
  cabin: string;
  day: string;
  seats: string;
}

// Seats of order items that hold inventory (reserved) in orders that were sold, per UTC day of
// the order. Reads the order service's tables (`order/migrations/001_orders.sql`): a read-only
// coupling through the shared database, kept in this one adapter.
const BOOKINGS_SQL = `
  SELECT i.flight_id, i.cabin, (o.created_at AT TIME ZONE 'UTC')::date::text AS day, sum(i.seats)::text AS seats
    FROM order_items i
    JOIN orders o ON o.order_id = i.order_id
   WHERE i.flight_id = ANY($1::text[])
     AND i.state = 'reserved'
     AND o.status IN ('held', 'paying', 'confirmed', 'oversold')
     AND o.created_at >= $2::date AND o.created_at < ($3::date + 1)
   GROUP BY 1, 2, 3`;

export async function findBookings(
  db: SqlExecutor,
  flightIds: readonly string[],
  fromDay: number,
  toDay: number,
): Promise<Map<string, BookingRecord[]>> {
  const bookings = new Map<string, BookingRecord[]>();
  if (flightIds.length === 0) {
    return bookings;
  }
  const result = await db.query<BookingRow>(BOOKINGS_SQL, [flightIds, fromEpochDay(fromDay), fromEpochDay(toDay)]);
  for (const row of result.rows) {
    const day = toEpochDay(row.day);
    if (day === undefined) {
      continue;
    }
    const key = `${row.flight_id}|${row.cabin}`;
    const list = bookings.get(key) ?? [];
    list.push({ day, seats: Number(row.seats) });
    bookings.set(key, list);
  }
  return bookings;
}

export function createPgOrderHistorySource(db: SqlExecutor): OrderHistorySource {
  return { loadBookings: (flightIds, fromDay, toDay) => findBookings(db, flightIds, fromDay, toDay) };
}

/** Until the order service's tables are deployed next to ours: no order history, seat counts only. */
export const noOrderHistory: OrderHistorySource = { loadBookings: async () => new Map() };
