export * from './apply-cql';
export * from './cheapest-offers';
export * from './control-connection-guard';
export * from './fare-offer-cell';
export * from './region-clients';
export * from './fare-history-row';
