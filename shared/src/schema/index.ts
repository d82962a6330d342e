export * from './schema-sets';
