import { createSeededRandom } from '@fareflow/shared';
import { z } from 'zod';

const rate = z.number().min(0).max(1).default(0);

/** Fault injection, switched by configuration (`SIM_FAULTS` as JSON). Rates are per request. */
export const faultSettingsSchema = z
  .object({
    /** Extra latency on every request, uniform in [0, latencyMs]. */
    latencyMs: z.number().int().min(0).max(60_000).default(0),
    serverErrorRate: rate,
    rateLimitRate: rate,
    retryAfterSeconds: z.number().int().min(0).max(3600).default(1),
    timeoutRate: rate,
    /** How long a "timeout" request hangs before the simulator gives up on it (504). */
    timeoutHangMs: z.number().int().min(1).max(600_000).default(30_000),
    /** Whole response unreadable: truncated JSON or the wrong shape. */
    malformedRate: rate,
    /** One offer in an otherwise good response loses a required field. */
    malformedOfferRate: rate,
    /** Amadeus only: the bearer token is declared expired (401) and revoked. */
    expiredTokenRate: rate,
    seed: z.number().int().default(7),
  })
  .refine(
    (settings) =>
      settings.serverErrorRate +
        settings.rateLimitRate +
        settings.timeoutRate +
        settings.malformedRate +
        settings.expiredTokenRate <=
      1,
    { message: 'fault rates add up to more than 1' },
  );
export type FaultSettings = z.output<typeof faultSettingsSchema>;

export const noFaults: FaultSettings = faultSettingsSchema.parse({});

export type Fault = 'none' | 'server-error' | 'rate-limit' | 'timeout' | 'malformed' | 'expired-token';

export interface FaultInjector {
  settings: FaultSettings;
  /** The fault for this request; `expired-token` only where tokens expire. */
  decide(canExpireToken: boolean): Fault;
  latencyMs(): number;
  corruptOffer(): boolean;
  /** Counts by fault, for the status endpoint and tests. */
  counts(): Record<Fault, number>;
}

export function createFaultInjector(settings: FaultSettings): FaultInjector {
  const random = createSeededRandom(settings.seed);
  const counts: Record<Fault, number> = {
    none: 0,
    'server-error': 0,
    'rate-limit': 0,
    timeout: 0,
    malformed: 0,
    'expired-token': 0,
  };
  const table: [Fault, number][] = [
    ['server-error', settings.serverErrorRate],
    ['rate-limit', settings.rateLimitRate],
    ['timeout', settings.timeoutRate],
    ['malformed', settings.malformedRate],
    ['expired-token', settings.expiredTokenRate],
  ];
  return {
    settings,
    decide(canExpireToken) {
      let roll = random();
      let fault: Fault = 'none';
      for (const [name, share] of table) {
        if (roll < share) {
          fault = name;
          break;
        }
        roll -= share;
      }
      if (fault === 'expired-token' && !canExpireToken) {
        fault = 'server-error'; // keep the total failure share the same for static-token formats
      }
      counts[fault] += 1;
      return fault;
    },
    latencyMs: () => (settings.latencyMs > 0 ? Math.floor(random() * settings.latencyMs) : 0),
    corruptOffer: () => settings.malformedOfferRate > 0 && random() < settings.malformedOfferRate,
    counts: () => ({ ...counts }),
  };
}
