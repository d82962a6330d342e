export * from './fare-observation';
export * from './inventory-changed';
export * from './primitives';
export * from './topology';
