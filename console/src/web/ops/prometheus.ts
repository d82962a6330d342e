/** One metric of a Prometheus text exposition, its samples summed over labels. */
export interface MetricTotal {
  name: string;
  help: string;
  type: string;
  value: number;
}

const SAMPLE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/;

/** Parses the text format into one total per metric family (histogram `_sum`/`_count` kept apart). */
export function parsePrometheus(text: string): MetricTotal[] {
  const metrics = new Map<string, MetricTotal>();
  const family = (name: string) => {
    let metric = metrics.get(name);
    if (!metric) {
      metric = { name, help: '', type: 'untyped', value: 0 };
      metrics.set(name, metric);
    }
    return metric;
  };
  for (const line of text.split('\n')) {
    const meta = /^# (HELP|TYPE) (\S+) (.*)$/.exec(line);
    if (meta) {
      const [, kind, name = '', rest = ''] = meta;
      family(name)[kind === 'HELP' ? 'help' : 'type'] = rest;
      continue;
    }
    const sample = SAMPLE.exec(line);
    if (!sample || sample[1]?.endsWith('_bucket')) {
      continue;
    }
    const value = Number(sample[3]);
    if (Number.isFinite(value)) {
      family(sample[1] ?? '').value += value;
    }
  }
  return [...metrics.values()].filter((metric) => metric.value !== 0 || metric.type !== 'untyped');
}

const GENERIC = /^(process_|nodejs_)/;

/** The service's own metrics first (not the Node.js runtime's), then resident memory. */
export function keyMetrics(metrics: MetricTotal[], count = 6): MetricTotal[] {
  const own = metrics.filter(
    (metric) => !GENERIC.test(metric.name) && (metric.type === 'counter' || metric.type === 'gauge'),
  );
  const memory = metrics.filter((metric) => metric.name === 'process_resident_memory_bytes');
  return [...own.slice(0, count), ...memory];
}

export function formatMetricValue(metric: MetricTotal): string {
  if (metric.name.endsWith('_bytes')) {
    return `${(metric.value / 1024 / 1024).toFixed(1)} MiB`;
  }
  return Number.isInteger(metric.value) ? String(metric.value) : metric.value.toFixed(3);
}
