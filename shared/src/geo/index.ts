export * from './airports';
export * from './region-mapping';
export * from './region-router';
