import type { ScrapeJob } from '@fareflow/shared';

import { addDays, DAY_MS, utcDateOf } from '../domain/clock';
import type { OfferFormat } from '../domain/normalized-offer';

/** One scrape scope without its date: a route (Amadeus, Duffel) or a carrier's airport (feed). */
export interface ScrapeTarget {
  source: string;
  format: OfferFormat;
  carrier?: string;
  origin: string;
  destination?: string;
}

export interface RouteOfFormat {
  carrier: string;
  format: OfferFormat;
  origin: string;
  destination: string;
}

/**
 * The scopes to scrape for a route network: route searches return every airline of the format
 * on the route, so one target per (format, route); feeds are per carrier and origin.
 */
export function scrapeTargetsOf(
  routes: readonly RouteOfFormat[],
  sourceOf: (format: OfferFormat) => string | undefined,
): ScrapeTarget[] {
  const targets = new Map<string, ScrapeTarget>();
  for (const route of routes) {
    const source = sourceOf(route.format);
    if (!source) {
      continue;
    }
    const target: ScrapeTarget =
      route.format === 'feed'
        ? { source, format: route.format, carrier: route.carrier, origin: route.origin }
        : { source, format: route.format, origin: route.origin, destination: route.destination };
    targets.set(scopeOf(target), target);
  }
  return [...targets.values()];
}

export interface PlanOptions {
  targets: readonly ScrapeTarget[];
  nowMs: number;
  /** Departure dates from today (UTC) on, this many days. */
  horizonDays: number;
  /** A job still queued this long after planning is dropped as stale. */
  jobTtlMs: number;
}

/** One job per target and departure date, ids stable per scope and planning instant. */
export function planScrapeJobs({ targets, nowMs, horizonDays, jobTtlMs }: PlanOptions): ScrapeJob[] {
  const scheduledAt = new Date(nowMs).toISOString();
  const expiresAt = new Date(nowMs + jobTtlMs).toISOString();
  const today = utcDateOf(nowMs);
  const jobs: ScrapeJob[] = [];
  for (let day = 0; day < horizonDays; day += 1) {
    const departureDate = addDays(today, day);
    for (const target of targets) {
      const jobKey = `${scopeOf(target)}:${departureDate}`;
      jobs.push({
        schema: 'scrape.job.v1',
        jobId: `${jobKey}@${scheduledAt}`,
        jobKey,
        source: target.source,
        format: target.format,
        ...(target.carrier ? { carrier: target.carrier } : {}),
        origin: target.origin,
        ...(target.destination ? { destination: target.destination } : {}),
        departureDate,
        scheduledAt,
        expiresAt,
      });
    }
  }
  return jobs;
}

/** Key of a scrape scope without its date (a job key is `<scope>:<departure date>`). */
export const scopeOf = (target: ScrapeTarget) =>
  `${target.source}:${target.carrier ?? '*'}:${target.origin}-${target.destination ?? '*'}`;

export const DEFAULT_JOB_TTL_MS = DAY_MS / 24;
