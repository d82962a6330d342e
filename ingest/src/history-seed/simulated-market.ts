import type { Cabin } from '@fareflow/shared';

import { type ScrapeTarget, scrapeTargetsOf } from '../scheduling/scrape-planner';
import { type AirlineProfile, defaultAirlineProfiles } from '../simulator/domain/airline-profiles';
import { buildSchedule } from '../simulator/domain/schedule';
import { loadRoutesExtract } from '../simulator/load-routes-extract';
import type { MarketReplay } from './replay-plan';

/** The simulator's settings a replay needs (ingest's `SIMULATOR_*`), so it replays the market ingest scrapes. */
export interface SimulatedMarketSettings {
  flightsPerDay: number;
  maxRoutes: number;
  seed: number;
  cabins: readonly Cabin[];
  saleShare: number;
  profiles?: readonly AirlineProfile[];
}

/** The simulated airlines' timetable and fare model, and the scrape targets over them (as ingest plans them). */
export function createSimulatedMarket(settings: SimulatedMarketSettings): {
  market: MarketReplay;
  targets: ScrapeTarget[];
} {
  const profiles = settings.profiles ?? defaultAirlineProfiles;
  const schedule = buildSchedule({
    routes: loadRoutesExtract(),
    profiles,
    flightsPerDay: settings.flightsPerDay,
    maxRoutes: settings.maxRoutes,
    seed: settings.seed,
  });
  return {
    market: {
      schedule,
      fareModel: { seed: settings.seed, cabins: settings.cabins, saleShare: settings.saleShare },
      carrierNames: new Map(profiles.map((profile) => [profile.carrier, profile.name])),
    },
    targets: scrapeTargetsOf(schedule.routes, (format) => format),
  };
}
