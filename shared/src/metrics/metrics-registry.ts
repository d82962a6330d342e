import { collectDefaultMetrics, Registry } from 'prom-client';

/** One Prometheus registry per service; components register their metrics on it. */
export function createMetricsRegistry(service: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: registry });
  return registry;
}
