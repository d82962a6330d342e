export * from './leave-one-route-out';
export * from './panel-parser';
export * from './run-backtest';
export * from './scenario-metrics';
export * from './walk-forward';
