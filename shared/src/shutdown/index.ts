export * from './crash-only';
export * from './graceful-shutdown';
export * from './run-service';
