export * from './flight-id';
export * from './money';
