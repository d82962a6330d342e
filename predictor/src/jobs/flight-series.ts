import type { Cabin } from '@fareflow/shared';

import type { SeatObservation } from '../domain/demand-model';
import type { DailyFare } from '../domain/ports';
import type { TrainingSeries } from '../domain/price-model';

/** A flight and cabin's daily fares, ready for the model (numbers) and for storage (exact strings). */
export interface FlightSeries extends TrainingSeries {
  flightId: string;
  cabin: Cabin;
  origin: string;
  destination: string;
  currency: string;
  days: number[];
  prices: number[];
  amounts: string[];
  seats: SeatObservation[];
}

/**
 * Groups daily fares by flight and cabin, in day order. A series keeps the currency of its
 * latest fare; days priced in another currency are left out (a ratio across currencies means nothing).
 */
export function groupDailyFares(fares: readonly DailyFare[]): FlightSeries[] {
  const byKey = new Map<string, DailyFare[]>();
  for (const fare of fares) {
    const key = `${fare.flightId}|${fare.cabin}`;
    const list = byKey.get(key) ?? [];
    list.push(fare);
    byKey.set(key, list);
  }
  return [...byKey.entries()].flatMap(([key, list]) => {
    list.sort((a, b) => a.day - b.day);
    const latest = list[list.length - 1]!;
    const kept = list.filter((fare) => fare.currency === latest.currency && Number(fare.price) > 0);
    if (kept.length === 0) {
      return [];
    }
    return [
      {
        id: key,
        route: `${latest.origin}-${latest.destination}`,
        departureDay: latest.departureDay,
        flightId: latest.flightId,
        cabin: latest.cabin,
        origin: latest.origin,
        destination: latest.destination,
        currency: latest.currency,
        days: kept.map((fare) => fare.day),
        // Statistics run on numbers; what is stored and published comes from `amounts`.
        prices: kept.map((fare) => Number(fare.price)),
        amounts: kept.map((fare) => fare.price),
        seats: kept.map((fare) => ({ day: fare.day, seatsAvailable: fare.seatsAvailable })),
      },
    ];
  });
}

export function isActive(series: FlightSeries, today: number, activeWithinDays: number): boolean {
  const lastDay = series.days[series.days.length - 1] ?? -Infinity;
  return series.departureDay >= today && lastDay >= today - activeWithinDays;
}
