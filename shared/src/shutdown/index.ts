export * from './graceful-shutdown';
export * from './run-service';
