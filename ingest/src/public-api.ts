/**
 * What other workspaces (the CLI, benchmarks) may import from `@fareflow/ingest`. The service's
 * process entry point is `src/index.ts`; importing this file starts nothing.
 */
export {
  type ParsedObservations,
  parseOffers,
  parseSavedResponse,
  toObservations,
} from './adapters/parse-saved-response';
export { type IngestConfig, loadIngestConfig } from './config';
export type { NormalizedOffer, OfferFormat, ParsedOffers, SkippedOffer } from './domain/normalized-offer';
export {
  type HistorySeederDeps,
  seedHistory,
  type SeedOptions,
  type SeedProgress,
  type SeedSummary,
} from './history-seed/history-seeder';
export { REPLAY_HOUR_UTC, replayInstants } from './history-seed/replay-plan';
export { createSimulatedMarket, type SimulatedMarketSettings } from './history-seed/simulated-market';
export { createFarePublisher } from './publishing/fare-publisher';
