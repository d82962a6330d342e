import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

import type { ProcessSpec } from './local-stack';
import { relayLines } from './log-relay';

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
  exited: Promise<number>;
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
  const exited = new Promise<number>((resolve) => {
    child.on('error', (error) => {
      hooks.note(`${spec.name}: could not start: ${error.message}`);
      resolve(1);
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal === null ? 1 : 128)));
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

/**
 * Runs every service as its own process until a signal. The first SIGINT or SIGTERM sends one
 * SIGTERM to each service (its staged graceful shutdown); a second one sends SIGINT, which the
 * services take as "force". A service that exits on its own stops the others. Resolves with 0 if
 * the stack was asked to stop and every service exited 0, else 1.
 */
export async function runStack(specs: ProcessSpec[], hooks: StackHooks): Promise<number> {
  const running = specs.map((spec) => spawnService(spec, hooks));
  let stage: 'running' | 'stopping' | 'forcing' = 'running';
  const stopAll = (reason: string) => {
    if (stage === 'forcing') {
      return;
    }
    const signal = stage === 'running' ? 'SIGTERM' : 'SIGINT';
    stage = stage === 'running' ? 'stopping' : 'forcing';
    hooks.note(`${reason}: sending ${signal} to every service${signal === 'SIGINT' ? ' (forcing)' : ''}`);
    for (const { child } of running) {
      signalGroup(child, signal);
    }
  };
  let hasServiceQuit = false;
  const unsubscribe = hooks.onSignal((signal) => stopAll(signal));
  const codes = await Promise.all(
    running.map(async ({ spec, exited }) => {
      const code = await exited;
      hooks.note(`${spec.name}: exited with code ${code}`);
      if (stage === 'running') {
        hasServiceQuit = true;
        stopAll(`${spec.name} exited on its own`);
      }
      return code;
    }),
  );
  unsubscribe();
  const isClean = !hasServiceQuit && codes.every((code) => code === 0);
  return isClean ? 0 : 1;
}
