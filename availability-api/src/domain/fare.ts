import type { Cabin } from '@fareflow/shared';

/** The current fare of one flight and cabin, as the region's store holds it. */
export interface Fare {
  flightId: string;
  carrier: string;
  flightNumber: string;
  origin: string;
  destination: string;
  /** Local departure day, `YYYY-MM-DD`. */
  departureDate: string;
  cabin: Cabin;
  fareClass: string;
  departureLocal: string;
  departureUtcMs: number;
  arrivalLocal: string;
  arrivalUtcMs: number;
  durationMinutes: number;
  stops: number;
  /** Exact decimal string, as stored. */
  price: string;
  /** `price` as a scaled integer (shared money scale), for comparing and summing without re-parsing. */
  priceScaled: bigint;
  currency: string;
  seatsAvailable: number;
  observedAtMs: number;
  /** Until when the airline guarantees this fare, when it says so. */
  offerExpiresAtMs?: number;
}

/** One bookable way from origin to destination: a direct flight or a connection of legs in one cabin. */
export interface Itinerary {
  /** The flight id for a direct flight; the legs' ids joined by `+` for a connection. */
  id: string;
  cabin: Cabin;
  legs: Fare[];
  /** Sum of the legs, exact. */
  price: string;
  /** Same scaled value as `price`, for ordering without re-parsing. */
  priceScaled: bigint;
  currency: string;
  seatsAvailable: number;
  departureUtcMs: number;
  arrivalUtcMs: number;
  durationMinutes: number;
  stops: number;
}

/** The price band and forecast the predictor computed for a route and departure day. */
export interface PriceInsight {
  origin: string;
  destination: string;
  departureDate: string;
  currency: string;
  band?: { min: string; q1: string; median: string; q3: string; max: string; samples: number };
  forecast?: {
    expectedLowestPrice?: string;
    expectedLowestDate?: string;
    riseProbability7d?: number;
    advice?: string;
    adviceConfidence?: number;
    modelVersion?: string;
  };
  computedAtMs?: number;
}

/** What the API reads from its region's store. Implementations fail with RetryableError when the store is down. */
export interface FareReader {
  /** Fares of a route departing on local days `fromDate..toDate` (inclusive). */
  findRouteFares(origin: string, destination: string, fromDate: string, toDate: string): Promise<Fare[]>;
  /** Every fare departing from `origin` on local day `date`, all destinations. */
  findOriginFares(origin: string, date: string): Promise<Fare[]>;
  /**
   * The cheapest bookable fare per destination and day (one per currency) departing from `origin`
   * on local days `fromDate..toDate` (inclusive): per day, the fares `cheapestBy` would pick from
   * `findOriginFares`, kept ready by the store.
   */
  findCheapestFares(origin: string, fromDate: string, toDate: string): Promise<Fare[]>;
}

export interface InsightReader {
  findInsight(origin: string, destination: string, date: string): Promise<PriceInsight | undefined>;
}
