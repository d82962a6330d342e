import type { Cabin } from '@fareflow/shared';
import { silentLogger } from '@fareflow/shared/test/support/test-resources';

import { createManualClock, type ManualClock } from '../../src/domain/clock';
import { defaultAirlineProfiles } from '../../src/simulator/domain/airline-profiles';
import { type FaultSettings, faultSettingsSchema } from '../../src/simulator/domain/faults';
import { loadRoutesExtract } from '../../src/simulator/load-routes-extract';
import { createSimulator, type Simulator } from '../../src/simulator/simulator-app';

export const TEST_CREDENTIALS = {
  amadeusClientId: 'sim-client',
  amadeusClientSecret: 'sim-secret',
  amadeusTokenLifetimeSeconds: 1799,
  amadeusRateLimitPerSecond: 0,
  duffelAccessToken: 'duffel_test_sim',
};

export const SIM_START = Date.parse('2026-03-01T08:00:00Z');

export interface TestSimulatorOptions {
  flightsPerDay?: number;
  maxRoutes?: number;
  cabins?: Cabin[];
  faults?: Partial<FaultSettings>;
  clock?: ManualClock;
}

export function createTestSimulator(options: TestSimulatorOptions = {}): Simulator & { clock: ManualClock } {
  const clock = options.clock ?? createManualClock(SIM_START);
  const simulator = createSimulator({
    routes: loadRoutesExtract(),
    profiles: defaultAirlineProfiles,
    flightsPerDay: options.flightsPerDay ?? 400,
    ...(options.maxRoutes === undefined ? {} : { maxRoutes: options.maxRoutes }),
    seed: 42,
    cabins: options.cabins ?? ['ECONOMY', 'BUSINESS'],
    saleShare: 0.3,
    faults: faultSettingsSchema.parse(options.faults ?? {}),
    credentials: TEST_CREDENTIALS,
    clock,
    changeLogLimit: 1_000_000,
    logger: silentLogger(),
  });
  return { ...simulator, clock };
}
