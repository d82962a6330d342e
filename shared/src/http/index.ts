export * from './api-key-guard';
export * from './error-handler';
export * from './error-response';
export * from './http-error';
export * from './operational-routes';
export * from './principal-cache';
export * from './unsafe-text';
