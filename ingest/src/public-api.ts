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
export type { NormalizedOffer, OfferFormat, ParsedOffers, SkippedOffer } from './domain/normalized-offer';
