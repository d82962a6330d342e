import type { FareObservation, SqlExecutor } from '@fareflow/shared';

/**
 * Feeds the latest fares into inventory: sell price, currency, departure time and the airline's live seats of each
 * flight and cabin, creating rows for flights seen for the first time (with `oversellLimit`). An
 * older observation never overwrites a newer one. Live seats never drop below what is already sold
 * or held beyond the allotment and oversell band, so the inventory's limits stay consistent.
 */
export async function applyFareObservations(
  db: SqlExecutor,
  observations: FareObservation[],
  oversellLimit: number,
): Promise<number> {
  const newest = new Map<string, FareObservation>();
  for (const observation of observations) {
    const key = `${observation.flightId}|${observation.cabin}`;
    const current = newest.get(key);
    if (!current || Date.parse(current.observedAt) < Date.parse(observation.observedAt)) {
      newest.set(key, observation);
    }
  }
  if (newest.size === 0) {
    return 0;
  }
  const rows = [...newest.values()].map((observation) => ({
    flight_id: observation.flightId,
    cabin: observation.cabin,
    seats: observation.seatsAvailable,
    price: observation.price,
    currency: observation.currency,
    observed_at: observation.observedAt,
    departure_utc: observation.departureUtc,
  }));
  const { rowCount } = await db.query(
    `INSERT INTO inventory (flight_id, cabin, airline_seats, oversell_limit, price, currency, price_observed_at,
                            departure_utc)
     SELECT v.flight_id, v.cabin, v.seats, $2, v.price::numeric, v.currency, v.observed_at, v.departure_utc
       FROM jsonb_to_recordset($1::jsonb) AS v(flight_id text, cabin text, seats int, price text, currency text,
            observed_at timestamptz, departure_utc timestamptz)
     ON CONFLICT (flight_id, cabin) DO UPDATE
        SET price = EXCLUDED.price, currency = EXCLUDED.currency, price_observed_at = EXCLUDED.price_observed_at,
            departure_utc = EXCLUDED.departure_utc,
            airline_seats = greatest(EXCLUDED.airline_seats,
              inventory.sold + inventory.held - inventory.allotment_seats - inventory.oversell_limit, 0),
            updated_at = clock_timestamp()
      WHERE inventory.price_observed_at IS NULL OR inventory.price_observed_at < EXCLUDED.price_observed_at`,
    [JSON.stringify(rows), oversellLimit],
  );
  return rowCount ?? 0;
}
