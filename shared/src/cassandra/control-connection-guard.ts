import type { Client } from 'cassandra-driver';

/** What a contained driver fault is reported with: the region and the error. */
export type DriverFaultReporter = (fault: { region: string; error: unknown }) => void;

/**
 * The driver internals the guard touches (cassandra-driver 4.x `lib/control-connection.js`; not
 * part of its typed API). `_refresh` is what the driver calls to (re)acquire its control connection.
 */
interface ControlConnectionInternals {
  _refresh: (hostIterator?: unknown) => Promise<void>;
  connection: unknown;
  _isShuttingDown: boolean;
  _reconnectionSchedule?: Iterator<number>;
}

const FALLBACK_RETRY_MS = 1_000;

/**
 * Contains NODEJS-681 (cassandra-driver 4.x, unfixed in 4.10.0, the newest release): two
 * `ControlConnection._refresh` runs overlap when a node flaps (a health listener's and the
 * reconnection timer's); one resets `this.connection` to null while the other awaits its topology
 * query, which then fails on the closed socket, and its catch block reads `this.connection.endpoint`:
 * `TypeError: Cannot read properties of null`. The refresh the reconnection timer started
 * (`setTimeout(() => this._refresh(), delay)`) has nobody awaiting it, so that TypeError is an
 * unhandled rejection and Node ends the process: one region's flap stopped every region.
 *
 * The guard wraps this client's `_refresh` (every internal call goes through `this._refresh`, so
 * the timer's and the recursive retries' too): a rejection is caught and reported as an outage of
 * the region, and if no other refresh is left running to recover, one is scheduled after the
 * driver's own reconnection delay. Queries in the meantime fail as they would with the node down
 * (NoHostAvailable), which callers already treat as an outage. Remove once a driver release fixes it.
 */
export function guardControlConnection(client: Client, region: string, report: DriverFaultReporter): void {
  const control = (client as unknown as { controlConnection?: Partial<ControlConnectionInternals> }).controlConnection;
  const original = control?._refresh;
  if (!control || typeof original !== 'function') {
    return; // Another driver layout: nothing to guard (and nothing known to contain).
  }
  const internals = control as ControlConnectionInternals;
  let inFlight = 0;
  let retryTimer: NodeJS.Timeout | undefined;

  const retryLater = () => {
    if (retryTimer !== undefined) {
      return;
    }
    const delayMs = internals._reconnectionSchedule?.next().value ?? FALLBACK_RETRY_MS;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      // Another refresh may have recovered (or be recovering) meanwhile; starting one more now is
      // exactly the overlap that causes the fault.
      if (!internals._isShuttingDown && inFlight === 0 && internals.connection === null) {
        void internals._refresh();
      }
    }, delayMs);
    retryTimer.unref();
  };

  internals._refresh = async function guardedRefresh(hostIterator?: unknown): Promise<void> {
    inFlight += 1;
    try {
      await original.call(internals, hostIterator);
    } catch (error) {
      report({ region, error });
      if (!internals._isShuttingDown) {
        retryLater();
      }
    } finally {
      inFlight -= 1;
    }
  };
}
