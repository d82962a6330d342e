export * from './offer-token';
