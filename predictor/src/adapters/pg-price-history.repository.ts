import type { Cabin, SqlExecutor } from '@fareflow/shared';

import { fromEpochDay, toEpochDay } from '../domain/calendar';
import type { DailyFare, PriceHistorySource } from '../domain/ports';

interface DailyFareRow {
  flight_id: string;
  cabin: string;
  origin: string;
  destination: string;
  departure_date: string;
  day: string;
  price: string;
  currency: string;
  seats_available: number;
}

// The last observation of each flight, cabin and UTC day; heartbeats count (they confirm a price).
const DAILY_FARES_SQL = `
  SELECT DISTINCT ON (flight_id, cabin, (observed_at AT TIME ZONE 'UTC')::date)
         flight_id, cabin, origin, destination, departure_date::text AS departure_date,
         (observed_at AT TIME ZONE 'UTC')::date::text AS day, price::text AS price,
         currency, seats_available
    FROM price_observations
   WHERE observed_at >= $1::date AND observed_at < ($2::date + 1)
   ORDER BY flight_id, cabin, (observed_at AT TIME ZONE 'UTC')::date, observed_at DESC`;

export function rowToDailyFare(row: DailyFareRow): DailyFare | undefined {
  const departureDay = toEpochDay(row.departure_date);
  const day = toEpochDay(row.day);
  if (departureDay === undefined || day === undefined) {
    return undefined;
  }
  return {
    flightId: row.flight_id,
    cabin: row.cabin as Cabin,
    origin: row.origin,
    destination: row.destination,
    departureDay,
    day,
    price: row.price,
    currency: row.currency.trim(),
    seatsAvailable: row.seats_available,
  };
}

export async function findDailyFares(db: SqlExecutor, fromDay: number, toDay: number): Promise<DailyFare[]> {
  const result = await db.query<DailyFareRow>(DAILY_FARES_SQL, [fromEpochDay(fromDay), fromEpochDay(toDay)]);
  return result.rows.flatMap((row) => rowToDailyFare(row) ?? []);
}

export function createPgPriceHistorySource(db: SqlExecutor): PriceHistorySource {
  return { loadDailyFares: (fromDay, toDay) => findDailyFares(db, fromDay, toDay) };
}
