/** The API responses the console reads: the fields it uses, as the services document them (OpenAPI at /docs/json). */

export interface Money {
  amount: string;
  currency: string;
}

export const cabins = ['ECONOMY', 'PREMIUM_ECONOMY', 'BUSINESS', 'FIRST'] as const;
export type Cabin = (typeof cabins)[number];

export interface Leg {
  flightId: string;
  carrier: string;
  flightNumber: string;
  origin: string;
  destination: string;
  departureLocal: string;
  arrivalLocal: string;
  durationMinutes: number;
  price: Money;
  seatsAvailable: number;
}

export interface Offer {
  offerId: string;
  offerExpiresAt: string;
  flightId: string;
  cabin: string;
  price: Money;
  passengers: number;
  totalPrice: Money;
  seatsAvailable: number;
  departureLocal: string;
  arrivalLocal: string;
  durationMinutes: number;
  stops: number;
  legs: Leg[];
}

export interface FaresResponse {
  region: string;
  results: Offer[];
  nextCursor: string | null;
}

export interface CheapestDay {
  date: string;
  price: Money;
  flightId: string;
  cabin: string;
  departureLocal: string;
  seatsAvailable: number;
}

export interface DatesResponse {
  origin: string;
  destination: string;
  days: CheapestDay[];
}

export interface DestinationFare {
  destination: string;
  price: Money;
  flightId: string;
  cabin: string;
  departureDate: string;
  departureLocal: string;
  seatsAvailable: number;
}

export interface DestinationsResponse {
  origin: string;
  from: string;
  to: string;
  destinations: DestinationFare[];
}

export interface PriceBand {
  currency: string;
  min: string;
  q1: string;
  median: string;
  q3: string;
  max: string;
  samples: number;
}

export type BandLabel = 'low' | 'typical' | 'high';

export interface Insight {
  band: PriceBand | null;
  currentFare: { price: Money; flightId: string; cabin: string; label: BandLabel | null } | null;
  forecast: {
    expectedLowestPrice: Money | null;
    expectedLowestDate: string | null;
    riseProbability7d: number | null;
    advice: string | null;
    confidence: number | null;
    modelVersion: string | null;
    computedAt: string | null;
  } | null;
  message: string | null;
}

export interface HistoryDay {
  observedOn: string;
  low: string;
  median: string;
  high: string;
  flights: number;
}

export interface HistorySeries {
  cabin: string;
  currency: string;
  days: HistoryDay[];
  flights: Array<{ flightId: string; points: Array<{ observedOn: string; price: string }> }>;
}

export interface HistoryResponse {
  origin: string;
  destination: string;
  departureDate: string;
  cabin: string | null;
  series: HistorySeries[];
  insight: Insight | null;
}

export const orderStatuses = [
  'pending',
  'processing',
  'held',
  'paying',
  'confirmed',
  'oversold',
  'changing',
  'failed',
  'expired',
  'cancelled',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export interface OrderItem {
  itemNo: number;
  flightId: string;
  cabin: string;
  seats: number;
  passengers: Passenger[];
  state: 'pending' | 'reserved' | 'released' | 'replaced';
  unitPrice?: string;
  currency?: string;
  replacesItemNo?: number;
}

export interface Order {
  orderId: string;
  type: 'instant' | 'hold';
  status: OrderStatus;
  failure?: { code: string; reason: string };
  totalAmount?: string;
  currency?: string;
  paymentRequiredBy?: string;
  createdAt: string;
  items: OrderItem[];
}

export interface Passenger {
  type: 'ADT' | 'CHD' | 'INF';
  givenName: string;
  familyName: string;
}

export interface ApiErrorBody {
  error: { code: string; message: string; field?: string };
}
