export * from './apply-cql';
export * from './region-clients';
