export * from './airports';
export * from './region-mapping';
