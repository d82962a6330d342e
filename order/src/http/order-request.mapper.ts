import type { RequestedItem } from '../domain/order-offers';
import type { ChangeRequest } from '../use-cases/change-order';
import type { OrderRequest } from '../use-cases/submit-order';
import type { ChangeOrderBody, CreateOrderBody } from './order.schemas';

type ItemBody = CreateOrderBody['items'][number];

/** A validated item body -> what the caller asked for (the schema guarantees one of offerId, flightId + cabin). */
function toRequestedItem(item: ItemBody): RequestedItem {
  if (item.offerId !== undefined) {
    return { offerId: item.offerId, passengers: item.passengers };
  }
  return {
    flightId: item.flightId ?? '',
    cabin: item.cabin ?? 'ECONOMY',
    ...(item.maxUnitPrice ? { maxUnitPrice: item.maxUnitPrice } : {}),
    passengers: item.passengers,
  };
}

export function toOrderRequest(body: CreateOrderBody): OrderRequest {
  return {
    type: body.type,
    items: body.items.map(toRequestedItem),
    contact: body.contact,
    ...(body.paymentToken === undefined ? {} : { paymentToken: body.paymentToken }),
  };
}

export function toChangeRequest(body: ChangeOrderBody): ChangeRequest {
  if (body.offerId !== undefined) {
    return { itemNo: body.itemNo, offerId: body.offerId };
  }
  return {
    itemNo: body.itemNo,
    flightId: body.flightId ?? '',
    ...(body.cabin ? { cabin: body.cabin } : {}),
    ...(body.maxUnitPrice ? { maxUnitPrice: body.maxUnitPrice } : {}),
  };
}
