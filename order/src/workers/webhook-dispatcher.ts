import { coerceError, exponentialBackoff } from '@fareflow/shared';

import { claimDeliveries } from '../adapters/webhook-deliveries.repository';
import { fanOutEvents, insertHoldExpiringEvents } from '../adapters/webhook-events.repository';
import type { ClaimedDelivery } from '../domain/webhook-delivery';
import { deliverToEndpoint, type DeliverWebhooksDeps } from '../use-cases/deliver-webhooks';

export interface WebhookDispatcherDeps extends DeliverWebhooksDeps {
  /** Endpoints sent to at once by this process (slots); a slow or dead receiver holds one. */
  concurrency: number;
  perEndpoint: number;
  leaseMs: number;
  pollMs: number;
  retryWindowMs: number;
  holdExpiringLeadMs: number;
  /** Events fanned out per statement. */
  fanOutBatch?: number;
}

export interface WebhookDispatcher {
  start(): void;
  /** Stops claiming, waits for the batches in flight (each bounded by its timeouts), closes the sender. */
  stop(): Promise<void>;
}

/**
 * The `webhooks` role: turns new outbox events into deliveries (and finds holds about to expire),
 * claims due deliveries for its free slots, one endpoint per slot, and sends them. Runs in several
 * processes at once (claims use SKIP LOCKED); it never touches an order, so a receiver that is slow,
 * hangs or is down delays nothing but its own deliveries.
 */
export function createWebhookDispatcher(deps: WebhookDispatcherDeps): WebhookDispatcher {
  const logger = deps.logger.child({ component: 'webhook-dispatcher' });
  const inFlight = new Map<string, Promise<void>>();
  const errorBackoff = exponentialBackoff({ baseMs: 200, capMs: 5_000 });
  const fanOutBatch = deps.fanOutBatch ?? 500;
  let isStopping = false;
  let running: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  // A slot freed while a tick runs (not pausing) must not wait out the next pause.
  let hasWakeRequest = false;
  let lastHoldScan = 0;

  const pause = (ms: number) =>
    new Promise<void>((resolve) => {
      if (hasWakeRequest) {
        hasWakeRequest = false;
        resolve();
        return;
      }
      const timer = setTimeout(() => {
        wake = undefined;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  const signal = () => {
    if (wake) {
      wake();
      wake = undefined;
    } else {
      hasWakeRequest = true;
    }
  };

  function startGroup(endpointId: string, deliveries: ClaimedDelivery[]): void {
    deps.metrics.inFlight.inc(deliveries.length);
    const sending = deliverToEndpoint({ ...deps, logger }, deliveries)
      .catch((error: unknown) => {
        // The claim's lease brings these deliveries back: nothing is lost, they are sent again.
        logger.warn({ err: coerceError(error), endpointId }, 'recording webhook outcomes failed; the lease will retry');
      })
      .finally(() => {
        deps.metrics.inFlight.dec(deliveries.length);
        inFlight.delete(endpointId);
        signal();
      });
    inFlight.set(endpointId, sending);
  }

  /** One pass; true if there may be more to do at once. */
  async function tick(): Promise<boolean> {
    const fanned = await fanOutEvents(deps.pool, fanOutBatch, deps.retryWindowMs);
    if (Date.now() - lastHoldScan >= Math.max(deps.pollMs, 1_000)) {
      lastHoldScan = Date.now();
      await insertHoldExpiringEvents(deps.pool, deps.holdExpiringLeadMs, 1_000);
    }
    const free = deps.concurrency - inFlight.size;
    if (free <= 0) {
      return fanned === fanOutBatch;
    }
    const claimed = await claimDeliveries(deps.pool, {
      endpoints: free,
      perEndpoint: deps.perEndpoint,
      leaseMs: deps.leaseMs,
      busyEndpointIds: [...inFlight.keys()],
    });
    const groups = new Map<string, ClaimedDelivery[]>();
    for (const delivery of claimed) {
      groups.set(delivery.endpointId, [...(groups.get(delivery.endpointId) ?? []), delivery]);
    }
    groups.forEach((deliveries, endpointId) => startGroup(endpointId, deliveries));
    return fanned === fanOutBatch || (claimed.length > 0 && inFlight.size < deps.concurrency);
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (!isStopping) {
      try {
        const isBusy = await tick();
        failures = 0;
        if (!isBusy) {
          await pause(deps.pollMs);
        }
      } catch (error) {
        failures += 1;
        logger.warn({ err: coerceError(error), failures }, 'webhook dispatch failed; retrying');
        await pause(errorBackoff(failures));
      }
    }
  }

  return {
    start() {
      running ??= run();
    },
    async stop() {
      isStopping = true;
      signal();
      await running;
      await Promise.all(inFlight.values());
      deps.sender.close();
    },
  };
}
