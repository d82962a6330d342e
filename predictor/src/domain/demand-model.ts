/** Seats the airline showed available on a day (one flight and cabin). */
export interface SeatObservation {
  day: number;
  seatsAvailable: number;
}

/** Seats sold through our own order service on a day (one flight and cabin). */
export interface BookingRecord {
  day: number;
  seats: number;
}

export interface DemandEstimate {
  /** Expected seats booked between now and departure. */
  expectedBookings: number;
  /** 10 % and 90 % bounds (Poisson approximation). */
  low: number;
  high: number;
  /** Bookings per day over the recent window. */
  dailyRate: number;
  basis: 'seats' | 'orders' | 'seats+orders' | 'none';
}

export interface DemandInput {
  asOfDay: number;
  departureDay: number;
  seats: readonly SeatObservation[];
  orders: readonly BookingRecord[];
  /** Days back the booking rate is measured over. */
  windowDays: number;
  /**
   * Booking intensity by days left relative to today's (1 = same pace). Bookings pick up as
   * departure nears; without a learned curve the pace is assumed flat.
   */
  intensity?: (daysLeft: number) => number;
}

const Z_10_90 = 1.2816;

/**
 * Expected bookings until departure. The pace comes from seat counts falling between
 * observations (every drop is seats somebody booked; rises are releases and are ignored) and
 * from our own orders; the larger of the two is used, since our sales also show in the
 * airline's counts. The pace is projected over the days left along the intensity curve and
 * capped by the seats still available.
 */
export function estimateDemand(input: DemandInput): DemandEstimate {
  const from = input.asOfDay - input.windowDays;
  const seatRate = seatDropRate(input.seats, from, input.asOfDay);
  const orderSeats = input.orders
    .filter((o) => o.day > from && o.day <= input.asOfDay)
    .reduce((sum, o) => sum + o.seats, 0);
  const orderRate = input.orders.length > 0 ? orderSeats / input.windowDays : undefined;
  const dailyRate = Math.max(seatRate ?? 0, orderRate ?? 0);
  const basis =
    seatRate !== undefined && orderRate !== undefined
      ? 'seats+orders'
      : seatRate !== undefined
        ? 'seats'
        : orderRate !== undefined
          ? 'orders'
          : 'none';
  const daysLeft = Math.max(0, input.departureDay - input.asOfDay);
  let paceDays = 0;
  for (let d = daysLeft; d >= 1; d -= 1) {
    paceDays += input.intensity ? input.intensity(d) : 1;
  }
  const available = input.seats.length > 0 ? input.seats[input.seats.length - 1]!.seatsAvailable : Infinity;
  const expected = Math.min(dailyRate * paceDays, available);
  const spread = Z_10_90 * Math.sqrt(expected);
  return {
    expectedBookings: expected,
    low: Math.max(0, expected - spread),
    high: Math.min(available, expected + spread),
    dailyRate,
    basis,
  };
}

/** Seats booked per day between the observations inside (from, to]; `undefined` without two observations. */
function seatDropRate(seats: readonly SeatObservation[], from: number, to: number): number | undefined {
  const inWindow = seats.filter((s) => s.day >= from && s.day <= to);
  if (inWindow.length < 2) {
    return undefined;
  }
  let booked = 0;
  for (let i = 1; i < inWindow.length; i += 1) {
    booked += Math.max(0, inWindow[i - 1]!.seatsAvailable - inWindow[i]!.seatsAvailable);
  }
  const span = inWindow[inWindow.length - 1]!.day - inWindow[0]!.day;
  return span > 0 ? booked / span : undefined;
}
