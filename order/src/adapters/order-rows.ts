import { type Cabin, normalizeAmount } from '@fareflow/shared';

import type {
  Contact,
  ItemState,
  Order,
  OrderItem,
  OrderStatus,
  OrderType,
  Passenger,
  PriceTerms,
  SeatStatus,
} from '../domain/order';

export interface OrderRow {
  order_id: string;
  tenant: string;
  type: OrderType;
  status: OrderStatus;
  failure_code: string | null;
  failure_reason: string | null;
  contact: Contact;
  payment_token: string | null;
  total_amount: string | null;
  currency: string | null;
  payment_required_by: Date | null;
  created_at: Date;
  updated_at: Date;
  finalized_at: Date | null;
  items: ItemRow[];
}

export interface ItemRow {
  order_id: string;
  item_no: number;
  flight_id: string;
  cabin: Cabin;
  seats: number;
  passengers: Passenger[];
  state: ItemState;
  seat_status: SeatStatus | null;
  unit_price: string | null;
  currency: string | null;
  replaces_item_no: number | null;
  price_terms: PriceTerms['kind'] | null;
  agreed_unit_price: string | null;
  agreed_currency: string | null;
  /** As JSON text (items travel inside the order's row as JSON). */
  offer_expires_at: string | Date | null;
}

/** An item's price terms as the columns of `order_items` (amounts as text, never as JSON numbers). */
export function priceTermsColumns(terms: PriceTerms | undefined) {
  return {
    price_terms: terms?.kind ?? null,
    agreed_unit_price: terms?.unitPrice ?? null,
    agreed_currency: terms?.currency ?? null,
    offer_expires_at: terms?.offerExpiresAt?.toISOString() ?? null,
  };
}

function priceTermsOf(row: ItemRow): PriceTerms | undefined {
  if (row.price_terms === null || row.agreed_unit_price === null || row.agreed_currency === null) {
    return undefined;
  }
  return {
    kind: row.price_terms,
    unitPrice: normalizeAmount(row.agreed_unit_price),
    currency: row.agreed_currency,
    ...(row.offer_expires_at === null ? {} : { offerExpiresAt: new Date(row.offer_expires_at) }),
  };
}

/** Items travel inside the order's row as JSON (one round trip); amounts as text, never as JSON numbers. */
const ITEMS_JSON = `(SELECT coalesce(json_agg(json_build_object(
    'order_id', it.order_id, 'item_no', it.item_no, 'flight_id', it.flight_id, 'cabin', it.cabin, 'seats', it.seats,
    'passengers', it.passengers, 'state', it.state, 'seat_status', it.seat_status, 'unit_price', it.unit_price::text,
    'currency', it.currency, 'replaces_item_no', it.replaces_item_no, 'price_terms', it.price_terms,
    'agreed_unit_price', it.agreed_unit_price::text, 'agreed_currency', it.agreed_currency,
    'offer_expires_at', it.offer_expires_at) ORDER BY it.item_no), '[]'::json)
   FROM order_items it WHERE it.order_id = orders.order_id) AS items`;
export const ORDER_COLUMNS = `order_id, tenant, type, status, failure_code, failure_reason, contact, payment_token, total_amount, currency,
  payment_required_by, created_at, updated_at, finalized_at, ${ITEMS_JSON}`;
export const ITEM_COLUMNS = `order_id, item_no, flight_id, cabin, seats, passengers, state, seat_status, unit_price, currency,
  replaces_item_no, price_terms, agreed_unit_price::text, agreed_currency, offer_expires_at`;

export function itemRowToItem(row: ItemRow): OrderItem {
  return {
    itemNo: row.item_no,
    flightId: row.flight_id,
    cabin: row.cabin,
    seats: row.seats,
    passengers: row.passengers,
    state: row.state,
    seatStatus: row.seat_status ?? undefined,
    unitPrice: row.unit_price === null ? undefined : normalizeAmount(row.unit_price),
    currency: row.currency ?? undefined,
    replacesItemNo: row.replaces_item_no ?? undefined,
    priceTerms: priceTermsOf(row),
  };
}

export function orderRowToOrder(row: OrderRow, items: OrderItem[]): Order {
  return {
    orderId: row.order_id,
    tenant: row.tenant,
    type: row.type,
    status: row.status,
    failure:
      row.failure_code === null
        ? undefined
        : { code: row.failure_code, reason: row.failure_reason ?? row.failure_code },
    contact: row.contact,
    paymentToken: row.payment_token ?? undefined,
    totalAmount: row.total_amount === null ? undefined : normalizeAmount(row.total_amount),
    currency: row.currency ?? undefined,
    paymentRequiredBy: row.payment_required_by ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finalizedAt: row.finalized_at ?? undefined,
    items: [...items].sort((a, b) => a.itemNo - b.itemNo),
  };
}

export const toOrders = (rows: OrderRow[]): Order[] =>
  rows.map((row) => orderRowToOrder(row, row.items.map(itemRowToItem)));
