import type { Cabin } from '@fareflow/shared';

export const orderStatuses = [
  'pending',
  'processing',
  'held',
  'paying',
  'changing',
  'confirmed',
  'oversold',
  'failed',
  'expired',
  'cancelled',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];
export type OrderType = 'instant' | 'hold';
export type SeatStatus = 'confirmed' | 'oversold';
export const itemStates = ['pending', 'reserved', 'released', 'replaced'] as const;
export type ItemState = (typeof itemStates)[number];
/** Item states an item never leaves: its seats are back (released) or moved to its replacement (replaced). */
export const finalItemStates: readonly ItemState[] = ['released', 'replaced'];

/** Why an order failed; returned to the caller with a human-readable reason. */
export type FailureCode =
  | 'UNKNOWN_FLIGHT'
  | 'NOT_FOR_SALE'
  | 'NO_SEATS'
  | 'MIXED_CURRENCIES'
  | 'PAYMENT_DECLINED'
  | 'SALES_CLOSED'
  | 'DEPARTED'
  | 'PRICE_CHANGED';

/**
 * The price an item was ordered on. `offer`: the traveller ordered an offer while it was valid, so
 * the item is charged `unitPrice` whatever the fare is when the order executes. `limit`: an agent
 * ordered by flight id with a ceiling, so the current fare is charged unless it is above
 * `unitPrice` (then the item fails PRICE_CHANGED). No terms: the current fare is charged.
 */
export interface PriceTerms {
  kind: 'offer' | 'limit';
  unitPrice: string;
  currency: string;
  /** Offers only: until when the offer was valid (it was valid when the order was accepted). */
  offerExpiresAt?: Date | undefined;
}

export type PassengerType = 'ADT' | 'CHD' | 'INF';
export interface Passenger {
  type: PassengerType;
  givenName: string;
  familyName: string;
}

export interface Contact {
  email: string;
  phone?: string | undefined;
}

export interface OrderItem {
  itemNo: number;
  flightId: string;
  cabin: Cabin;
  seats: number;
  passengers: Passenger[];
  state: ItemState;
  seatStatus: SeatStatus | undefined;
  unitPrice: string | undefined;
  currency: string | undefined;
  replacesItemNo: number | undefined;
  priceTerms?: PriceTerms | undefined;
}

export interface Order {
  orderId: string;
  tenant: string;
  type: OrderType;
  status: OrderStatus;
  failure: { code: string; reason: string } | undefined;
  contact: Contact;
  /** The payment method token; never returned by the API. */
  paymentToken: string | undefined;
  totalAmount: string | undefined;
  currency: string | undefined;
  paymentRequiredBy: Date | undefined;
  createdAt: Date;
  updatedAt: Date;
  finalizedAt: Date | undefined;
  items: OrderItem[];
}

/** States the worker or a payment is still working on; a caller waiting with `Prefer: wait` keeps waiting. */
export const inFlightStatuses: readonly OrderStatus[] = ['pending', 'processing', 'paying', 'changing'];
const inFlight: ReadonlySet<OrderStatus> = new Set(inFlightStatuses);

export const isInFlight = (status: OrderStatus): boolean => inFlight.has(status);

/** Infants travel on a lap: they are passengers but take no seat. */
export const seatsFor = (passengers: readonly Passenger[]): number =>
  passengers.filter((passenger) => passenger.type !== 'INF').length;

/** An order with any oversold seat is `oversold` (accepted, but the airline may rebook it). */
export function statusOfReservedItems(items: readonly Pick<OrderItem, 'state' | 'seatStatus'>[]): SeatStatus {
  return items.some((item) => item.state === 'reserved' && item.seatStatus === 'oversold') ? 'oversold' : 'confirmed';
}

export const inventoryKey = (flightId: string, cabin: string): string => `${flightId}|${cabin}`;
