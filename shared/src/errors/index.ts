export * from './app-error';
export * from './outage';
