/** How `fareflow start` restarts a service that crashed. */
export interface RestartPolicy {
  /** Delay before the first restart; doubles with each restart still inside the window. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A crash loop: this many restarts within `windowMs`, and the next crash stops the stack. */
  maxRestarts: number;
  windowMs: number;
  /** Each delay is cut by up to this fraction at random, so services that crashed together do not restart together. */
  jitter: number;
}

export const defaultRestartPolicy: RestartPolicy = {
  baseDelayMs: 500,
  maxDelayMs: 15_000,
  maxRestarts: 5,
  windowMs: 60_000,
  jitter: 0.2,
};

/** How a service process ended, as Node's `exit` event says it. */
export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export type ExitDecision =
  /** The supervisor asked for this exit (Ctrl-C): nothing to do. */
  | { action: 'stopped' }
  /** Exited 0 on its own (someone stopped it deliberately): the stack stops, as before. */
  | { action: 'stop-stack' }
  | { action: 'restart'; delayMs: number; restartsInWindow: number }
  /** A crash loop: restarting again would only hide it. */
  | { action: 'give-up'; restartsInWindow: number };

export interface ExitContext {
  exit: ServiceExit;
  /** Whether the supervisor is stopping the stack (it signalled the service). */
  isStopping: boolean;
  /** When this service was restarted before (epoch ms), oldest first. */
  restartTimes: readonly number[];
  now: number;
  policy: RestartPolicy;
  /** In [0, 1); defaults to Math.random. */
  random?: () => number;
}

/**
 * What the supervisor does when a service exits: a crash (a non-zero code, or a signal we did not
 * send: the supervisor only signals while stopping) restarts it after an exponential backoff
 * counted over the restarts of the last `windowMs`, so a service that has run quietly for a while
 * starts again from the base delay; past `maxRestarts` in the window it gives up.
 */
export function decideOnExit(context: ExitContext): ExitDecision {
  const { exit, policy } = context;
  if (context.isStopping) {
    return { action: 'stopped' };
  }
  if (exit.code === 0 && exit.signal === null) {
    return { action: 'stop-stack' };
  }
  const restartsInWindow = context.restartTimes.filter((time) => context.now - time < policy.windowMs).length;
  if (restartsInWindow >= policy.maxRestarts) {
    return { action: 'give-up', restartsInWindow };
  }
  const capped = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** restartsInWindow);
  const random = context.random ?? Math.random;
  const delayMs = Math.round(capped * (1 - policy.jitter * random()));
  return { action: 'restart', delayMs, restartsInWindow };
}

/** For the supervisor's messages: "code 1", "signal SIGKILL". */
export function describeExit(exit: ServiceExit): string {
  return exit.signal === null ? `code ${exit.code ?? 1}` : `signal ${exit.signal}`;
}

/** The process exit status a shell would show: the code, or 128 + the signal's number. */
export function exitStatus(exit: ServiceExit, signalNumber: (signal: NodeJS.Signals) => number): number {
  if (exit.signal !== null) {
    return 128 + signalNumber(exit.signal);
  }
  return exit.code ?? 1;
}
