import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:os';
import { join } from 'node:path';

import type { ProcessSpec } from './local-stack';
import { relayLines } from './log-relay';
import {
  decideOnExit,
  defaultRestartPolicy,
  describeExit,
  exitStatus,
  type RestartPolicy,
  type ServiceExit,
} from './restart-policy';

export interface StackHooks {
  env: NodeJS.ProcessEnv;
  repositoryRoot: string;
  /** Readable log lines (a terminal, unless LOG_FORMAT=json). */
  isPretty: boolean;
  colorize: boolean;
  write: (line: string) => void;
  /** Supervisor messages (who exited, what was signalled). */
  note: (message: string) => void;
  /** Subscribes to the supervisor's own SIGINT/SIGTERM; returns the unsubscribe. */
  onSignal: (handler: (signal: NodeJS.Signals) => void) => () => void;
}

interface Running {
  spec: ProcessSpec;
  child: ChildProcess;
  exited: Promise<ServiceExit>;
}

function spawnService(spec: ProcessSpec, hooks: StackHooks): Running {
  const child = spawn(process.execPath, ['--import', 'tsx', join(hooks.repositoryRoot, spec.entry)], {
    cwd: hooks.repositoryRoot,
    // The children log JSON to our pipes; we format it once, here.
    env: { ...hooks.env, ...spec.env, LOG_FORMAT: 'json' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: a terminal's Ctrl-C (SIGINT to the foreground group) reaches only us,
    // and we forward exactly one signal, so each service runs its staged shutdown once.
    detached: true,
  });
  relayLines(spec.name, [child.stdout, child.stderr], hooks);
  const exited = new Promise<ServiceExit>((resolve) => {
    child.on('error', (error) => {
      hooks.note(`${spec.name}: could not start: ${error.message}`);
      resolve({ code: 1, signal: null });
    });
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
  hooks.note(`${spec.name}: started (pid ${child.pid ?? '?'})`);
  return { spec, child, exited };
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Exited between the check and the signal.
  }
}

const signalNumber = (signal: NodeJS.Signals) => constants.signals[signal];

/**
 * Runs every service as its own process until a signal. The first SIGINT or SIGTERM sends one
 * SIGTERM to each service (its staged graceful shutdown); a second one sends SIGINT, which the
 * services take as "force"; nothing is restarted once stopping. A service that crashes (non-zero
 * exit, or a signal we did not send) is restarted after a backoff (see `decideOnExit`); a crash
 * loop, or a service that exits 0 on its own, stops the others. Resolves with 0 if the stack was
 * asked to stop and every service's last run exited 0, else 1.
 */
export async function runStack(
  specs: ProcessSpec[],
  hooks: StackHooks,
  policy: RestartPolicy = defaultRestartPolicy,
): Promise<number> {
  const current = new Map<string, Running>();
  let stage: 'running' | 'stopping' | 'forcing' = 'running';
  let onStopping: () => void = () => undefined;
  const stopping = new Promise<void>((resolve) => (onStopping = resolve));
  const stopAll = (reason: string) => {
    if (stage === 'forcing') {
      return;
    }
    const signal = stage === 'running' ? 'SIGTERM' : 'SIGINT';
    stage = stage === 'running' ? 'stopping' : 'forcing';
    onStopping();
    hooks.note(`${reason}: sending ${signal} to every service${signal === 'SIGINT' ? ' (forcing)' : ''}`);
    for (const { child } of current.values()) {
      signalGroup(child, signal);
    }
  };
  let hasServiceQuit = false;

  /** One service's life: run, and on a crash restart after the backoff, until stopped or given up. */
  const supervise = async (spec: ProcessSpec): Promise<number> => {
    const restartTimes: number[] = [];
    for (;;) {
      const run = spawnService(spec, hooks);
      current.set(spec.name, run);
      const exit = await run.exited;
      const code = exitStatus(exit, signalNumber);
      hooks.note(`${spec.name}: exited with ${describeExit(exit)}`);
      const decision = decideOnExit({ exit, isStopping: stage !== 'running', restartTimes, now: Date.now(), policy });
      if (decision.action === 'stopped') {
        return code;
      }
      if (decision.action !== 'restart') {
        hasServiceQuit = true;
        const why =
          decision.action === 'give-up'
            ? `${spec.name} is crash-looping (${decision.restartsInWindow} restarts within ${policy.windowMs / 1000} s)`
            : `${spec.name} exited on its own`;
        stopAll(why);
        return code;
      }
      hooks.note(
        `${spec.name}: crashed; restarting in ${decision.delayMs} ms ` +
          `(restart ${decision.restartsInWindow + 1} of at most ${policy.maxRestarts} within ${policy.windowMs / 1000} s)`,
      );
      restartTimes.push(Date.now());
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([stopping, new Promise((resolve) => (timer = setTimeout(resolve, decision.delayMs)))]);
      clearTimeout(timer);
      if (stage !== 'running') {
        hooks.note(`${spec.name}: not restarted: the stack is stopping`);
        return code;
      }
    }
  };

  const unsubscribe = hooks.onSignal((signal) => stopAll(signal));
  const codes = await Promise.all(specs.map(supervise));
  unsubscribe();
  const isClean = !hasServiceQuit && codes.every((code) => code === 0);
  return isClean ? 0 : 1;
}
