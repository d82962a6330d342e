export * from './fare-observation';
export * from './inventory-changed';
export * from './order-submitted';
export * from './preorder-request';
export * from './primitives';
export * from './scrape-job';
export * from './topology';
