export * from './pg-pool';
export * from './run-migrations';
