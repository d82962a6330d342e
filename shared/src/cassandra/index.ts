export * from './apply-cql';
export * from './cheapest-offers';
export * from './control-connection-guard';
export * from './fare-history-row';
export * from './fare-offer-cell';
export * from './region-clients';
