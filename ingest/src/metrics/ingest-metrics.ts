import { Counter, Histogram, type Registry } from 'prom-client';

/** Every Prometheus metric ingest exports (served on the metrics port, 9101 by default). */
export interface IngestMetrics {
  fetches: Counter<'source' | 'outcome'>;
  fetchFailures: Counter<'source' | 'cause'>;
  offersSkipped: Counter<'source' | 'reason'>;
  observations: Counter<'source'>;
  published: Counter<'source' | 'kind'>;
  jobs: Counter<'source' | 'outcome'>;
  jobsPlanned: Counter<'source'>;
  cyclesSkipped: Counter<'reason'>;
  /** Seconds from a job's planned time to the end of its scrape. */
  scrapeLag: Histogram<'source'>;
}

export function createIngestMetrics(registry: Registry): IngestMetrics {
  const registers = [registry];
  return {
    fetches: new Counter({
      name: 'ingest_fetches_total',
      help: 'HTTP fetches of airline sources, by outcome (ok, not_modified, failed)',
      labelNames: ['source', 'outcome'],
      registers,
    }),
    fetchFailures: new Counter({
      name: 'ingest_fetch_failures_total',
      help: 'Failed fetches by cause (timeout, network, server_error, rate_limited, unauthorized, client_error, malformed_response)',
      labelNames: ['source', 'cause'],
      registers,
    }),
    offersSkipped: new Counter({
      name: 'ingest_offers_skipped_total',
      help: 'Offers (or whole responses) not turned into observations, by reason',
      labelNames: ['source', 'reason'],
      registers,
    }),
    observations: new Counter({
      name: 'ingest_observations_total',
      help: 'Valid fare observations read from airline responses',
      labelNames: ['source'],
      registers,
    }),
    published: new Counter({
      name: 'ingest_published_total',
      help: 'fare.observation.v1 messages confirmed by the broker, by kind (change, heartbeat)',
      labelNames: ['source', 'kind'],
      registers,
    }),
    jobs: new Counter({
      name: 'ingest_scrape_jobs_total',
      help: 'Scrape jobs taken from the queue, by outcome (done, duplicate, stale, failed)',
      labelNames: ['source', 'outcome'],
      registers,
    }),
    jobsPlanned: new Counter({
      name: 'ingest_scrape_jobs_planned_total',
      help: 'Scrape jobs the cron put on the work queue',
      labelNames: ['source'],
      registers,
    }),
    cyclesSkipped: new Counter({
      name: 'ingest_scrape_cycles_skipped_total',
      help: 'Cron cycles not planned, by reason (backlog)',
      labelNames: ['reason'],
      registers,
    }),
    scrapeLag: new Histogram({
      name: 'ingest_scrape_lag_seconds',
      help: 'Delay from a scrape job being planned to its scrape finishing',
      labelNames: ['source'],
      buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
      registers,
    }),
  };
}
