export * from './flight-id';
export * from './money';
export * from './sales-window';
