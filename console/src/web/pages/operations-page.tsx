import { useState } from 'preact/hooks';

import { useInterval } from '../hooks';
import { formatMetricValue, keyMetrics, type MetricTotal, parsePrometheus } from '../ops/prometheus';

const REFRESH_MS = 5_000;

interface ServiceState {
  name: string;
  health: 'up' | 'not ready' | 'down';
  detail: string;
  metrics: MetricTotal[];
}

async function probeService(name: string): Promise<ServiceState> {
  const [health, metrics] = await Promise.all([fetch(`/ops/${name}/health`), fetch(`/ops/${name}/metrics`)]);
  const healthText = await health.text();
  const state = health.ok ? 'up' : health.status === 503 ? 'not ready' : 'down';
  let detail = healthText.slice(0, 200);
  try {
    const body = JSON.parse(healthText) as { error?: { message?: string } };
    detail = body.error?.message ?? (health.ok ? 'ready' : detail);
  } catch {
    // A plain-text health answer is shown as it is.
  }
  return { name, health: state, detail, metrics: metrics.ok ? keyMetrics(parsePrometheus(await metrics.text())) : [] };
}

/** Operations: each service's health (/readyz or /healthz) and key metrics (/metrics), through the console. */
export function OperationsPage() {
  const [services, setServices] = useState<ServiceState[] | undefined>();
  const [updatedAt, setUpdatedAt] = useState<string>('');
  useInterval(() => {
    void (async () => {
      try {
        const { services: names } = (await (await fetch('/ops/services')).json()) as { services: string[] };
        setServices(await Promise.all(names.map(probeService)));
        setUpdatedAt(new Date().toLocaleTimeString());
      } catch {
        setServices([]);
      }
    })();
  }, REFRESH_MS);
  return (
    <section aria-labelledby="operations-title">
      <h1 id="operations-title">Operations</h1>
      <p class="muted" aria-live="polite">
        Refreshes every {REFRESH_MS / 1000} s{updatedAt ? `; last at ${updatedAt}` : ''}.
      </p>
      {services === undefined ? <p role="status">Asking the services…</p> : null}
      {services?.length === 0 ? (
        <div class="notice notice-error" role="alert">
          The console server does not answer.
        </div>
      ) : null}
      <div class="services">
        {services?.map((service) => (
          <article class={`service service-${service.health.replace(' ', '-')}`} data-service={service.name}>
            <h2>
              {service.name} <span class="health">{service.health}</span>
            </h2>
            <p class="muted">{service.detail}</p>
            {service.metrics.length > 0 ? (
              <dl class="facts">
                {service.metrics.map((metric) => (
                  <>
                    <dt title={metric.help}>{metric.name}</dt>
                    <dd>{formatMetricValue(metric)}</dd>
                  </>
                ))}
              </dl>
            ) : null}
          </article>
        ))}
      </div>
    </section>
  );
}
