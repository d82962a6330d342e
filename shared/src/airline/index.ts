export * from './airline-booking-client';
export * from './duffel-order.schemas';
