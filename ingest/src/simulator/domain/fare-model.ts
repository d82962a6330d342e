import type { Cabin } from '@fareflow/shared';

import { DAY_MS, HOUR_MS } from '../../domain/clock';
import { unit } from './hash';
import type { ScheduledFlight } from './schedule';

/** What an airline sells one cabin of one flight for, at one instant. */
export interface FareQuote {
  /** One adult, exact decimal with two places. */
  price: string;
  currency: string;
  seats: number;
  fareClass: string;
}

export interface FareModelOptions {
  seed: number;
  cabins: readonly Cabin[];
  /** Fraction of flights a sale reaches on a sale day (0..1). */
  saleShare: number;
}

/**
 * Median price relative to 60 days out, by days before departure, from the Wizz Air panel in
 * the shared fares data: flat far out, then climbing about four-fold in the last three weeks.
 */
const CURVE: readonly [number, number][] = [
  [0, 4.33],
  [1, 3.17],
  [3, 2.55],
  [7, 1.7],
  [14, 1.39],
  [21, 1.26],
  [30, 1.0],
];

export function curveMultiplier(daysLeft: number): number {
  if (daysLeft <= 0) {
    return CURVE[0]?.[1] ?? 1;
  }
  for (let index = 1; index < CURVE.length; index += 1) {
    const [day, value] = CURVE[index] ?? [0, 1];
    const [previousDay, previousValue] = CURVE[index - 1] ?? [0, 1];
    if (daysLeft <= day) {
      return previousValue + ((value - previousValue) * (daysLeft - previousDay)) / (day - previousDay);
    }
  }
  return 1;
}

const ECONOMY_CLASSES = ['V', 'Q', 'M', 'H', 'B', 'Y'];
const PREMIUM_CLASSES = ['N', 'E', 'W'];
const BUSINESS_CLASSES = ['I', 'D', 'C', 'J'];
const FIRST_CLASSES = ['A', 'F'];
const CABIN_FACTOR: Record<Cabin, number> = { ECONOMY: 1, PREMIUM_ECONOMY: 1.7, BUSINESS: 3.6, FIRST: 6.5 };
const CABIN_SEATS: Record<Cabin, [number, number]> = {
  ECONOMY: [120, 110],
  PREMIUM_ECONOMY: [18, 14],
  BUSINESS: [16, 20],
  FIRST: [4, 6],
};
const CLASS_LADDER: Record<Cabin, string[]> = {
  ECONOMY: ECONOMY_CLASSES,
  PREMIUM_ECONOMY: PREMIUM_CLASSES,
  BUSINESS: BUSINESS_CLASSES,
  FIRST: FIRST_CLASSES,
};

/**
 * The market before bookings: a pure function of (flight, cabin, instant). Prices move at most
 * twice a day (the day count and a daily demand wobble inside three weeks), seats at most every
 * six hours, and sales take a quarter off for two days a week on some routes.
 */
export function quoteMarket(
  flight: ScheduledFlight,
  cabin: Cabin,
  atEpochMs: number,
  options: FareModelOptions,
  currency: string,
): FareQuote {
  const { route } = flight;
  const stable = `${route.carrier}${flight.flightNumber}`;
  const daysLeft = Math.floor((flight.departureEpochMs - atEpochMs) / DAY_MS);
  const dayIndex = Math.floor(atEpochMs / DAY_MS);
  const baseFare =
    (25 + 0.075 * route.distanceKm) * (0.85 + 0.35 * unit(options.seed, 'base', stable)) * CABIN_FACTOR[cabin];
  const multiplier = curveMultiplier(daysLeft);
  const wobble = daysLeft < 21 ? 1 + 0.12 * (unit(options.seed, 'wobble', flight.flightId, cabin, dayIndex) - 0.5) : 1;
  const isOnSale =
    daysLeft >= 14 &&
    unit(options.seed, 'sale-day', route.carrier, dayIndex) < 2 / 7 &&
    unit(options.seed, 'sale-route', route.origin, route.destination) < options.saleShare;
  const price = baseFare * multiplier * wobble * (isOnSale ? 0.75 : 1);
  const ladder = CLASS_LADDER[cabin];
  const classIndex = Math.min(ladder.length - 1, Math.max(0, Math.floor((multiplier - 1) / 0.55)));
  return {
    price: (Math.round(price * 100) / 100).toFixed(2),
    currency,
    seats: marketSeats(flight, cabin, atEpochMs, options.seed),
    fareClass: ladder[isOnSale ? 0 : classIndex] ?? 'Y',
  };
}

function marketSeats(flight: ScheduledFlight, cabin: Cabin, atEpochMs: number, seed: number): number {
  const [minimum, spread] = CABIN_SEATS[cabin];
  const stable = `${flight.route.carrier}${flight.flightNumber}`;
  const capacity = minimum + Math.floor(spread * unit(seed, 'capacity', stable, cabin));
  // Some flights sell out before departure: their target load is above 100%.
  const targetLoad = 0.55 + 0.55 * unit(seed, 'load', flight.flightId, cabin);
  const hoursLeft = Math.floor((flight.departureEpochMs - atEpochMs) / (6 * HOUR_MS)) * 6;
  const progress = Math.max(0, 1 - hoursLeft / (60 * 24)) ** 1.6;
  const sold = Math.floor(capacity * Math.min(1, targetLoad * progress));
  return Math.max(0, capacity - sold);
}
