import { loadPredictorConfig } from '../../src/config';

describe('predictor config', () => {
  it('has working defaults: metrics on 9103, every 15 minutes, pre-orders off', () => {
    const config = loadPredictorConfig({});
    expect(config).toMatchObject({ METRICS_PORT: 9103, FORECAST_INTERVAL_MINUTES: 15, PREORDER_BUDGETS: {} });
    expect(Object.isFrozen(config)).toBe(true);
  });

  it('reads budgets as exact decimal strings per currency', () => {
    expect(loadPredictorConfig({ PREORDER_BUDGETS: '{"EUR":"5000.00"}' }).PREORDER_BUDGETS).toEqual({ EUR: '5000.00' });
  });

  it('names every bad variable', () => {
    expect(() =>
      loadPredictorConfig({
        PREORDER_BUDGETS: '{"EUR":5000}',
        FORECAST_INTERVAL_MINUTES: '0',
        PREORDER_DEMAND_SHARE: '2',
      }),
    ).toThrow(/PREORDER_BUDGETS[\s\S]*FORECAST_INTERVAL_MINUTES|FORECAST_INTERVAL_MINUTES[\s\S]*PREORDER_BUDGETS/);
    expect(() => loadPredictorConfig({ PREORDER_DEMAND_SHARE: '2' })).toThrow(/PREORDER_DEMAND_SHARE/);
    expect(() => loadPredictorConfig({ PREORDER_BUDGETS: 'not json' })).toThrow(/PREORDER_BUDGETS/);
  });
});
