import type { Order } from '../domain/order';
import type { OrderResponse } from './order.schemas';

export const orderPath = (orderId: string): string => `/v1/orders/${orderId}`;

/** The API's view of an order: no tenant, no payment token, times as ISO 8601 UTC. */
export function toOrderResponse(order: Order): OrderResponse {
  return {
    orderId: order.orderId,
    type: order.type,
    status: order.status,
    ...(order.failure ? { failure: order.failure } : {}),
    ...(order.totalAmount !== undefined ? { totalAmount: order.totalAmount } : {}),
    ...(order.currency !== undefined ? { currency: order.currency } : {}),
    ...(order.paymentRequiredBy ? { paymentRequiredBy: order.paymentRequiredBy.toISOString() } : {}),
    createdAt: order.createdAt.toISOString(),
    updatedAt: order.updatedAt.toISOString(),
    ...(order.finalizedAt ? { finalizedAt: order.finalizedAt.toISOString() } : {}),
    contact: { email: order.contact.email, ...(order.contact.phone ? { phone: order.contact.phone } : {}) },
    items: order.items.map((item) => ({
      itemNo: item.itemNo,
      flightId: item.flightId,
      cabin: item.cabin,
      seats: item.seats,
      passengers: item.passengers,
      state: item.state,
      ...(item.seatStatus ? { seatStatus: item.seatStatus } : {}),
      ...(item.unitPrice !== undefined ? { unitPrice: item.unitPrice } : {}),
      ...(item.currency !== undefined ? { currency: item.currency } : {}),
      ...(item.replacesItemNo !== undefined ? { replacesItemNo: item.replacesItemNo } : {}),
      ...(item.priceTerms
        ? {
            priceTerms: {
              kind: item.priceTerms.kind,
              unitPrice: { amount: item.priceTerms.unitPrice, currency: item.priceTerms.currency },
              ...(item.priceTerms.offerExpiresAt
                ? { offerExpiresAt: item.priceTerms.offerExpiresAt.toISOString() }
                : {}),
            },
          }
        : {}),
    })),
    links: { self: orderPath(order.orderId) },
  };
}

/** `Prefer: wait=N` (RFC 7240): seconds to wait for the final state, capped. */
export function parsePreferWait(prefer: string | undefined, maxSeconds: number): number | undefined {
  const match = /(?:^|[;,\s])wait=(\d{1,4})(?:$|[;,\s])/i.exec(prefer ?? '');
  if (!match?.[1]) {
    return undefined;
  }
  return Math.min(Number(match[1]), maxSeconds);
}
