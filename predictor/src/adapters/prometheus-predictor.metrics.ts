import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

import type { RunSummary } from '../domain/ports';

/** Run outcomes on the predictor's registry (served on :9103/metrics). */
export function createPrometheusPredictorMetrics(
  registry: Registry,
): (summary: RunSummary, isSuccess: boolean) => void {
  const runs = new Counter({
    name: 'predictor_runs_total',
    help: 'forecast runs',
    labelNames: ['status'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'predictor_run_duration_seconds',
    help: 'duration of a forecast run',
    buckets: [1, 5, 15, 30, 60, 120, 300, 600],
    registers: [registry],
  });
  const forecasts = new Gauge({
    name: 'predictor_last_run_forecasts',
    help: 'forecasts written by the last run',
    registers: [registry],
  });
  const insights = new Counter({
    name: 'predictor_insights_written_total',
    help: 'insight rows written',
    registers: [registry],
  });
  const preorders = new Counter({
    name: 'predictor_preorders_published_total',
    help: 'pre-order requests confirmed by the broker',
    registers: [registry],
  });
  return (summary, isSuccess) => {
    runs.inc({ status: isSuccess ? 'succeeded' : 'failed' });
    duration.observe(summary.durationMs / 1000);
    forecasts.set(summary.forecasts);
    insights.inc(summary.insights);
    preorders.inc(summary.preordersPublished);
  };
}
