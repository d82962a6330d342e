import { repositoryRoot } from '@fareflow/shared';

import type { ProcessSpec } from '../../src/stack/local-stack';
import { defaultRestartPolicy } from '../../src/stack/restart-policy';
import { runStack, type StackHooks } from '../../src/stack/run-stack';

const ENTRY = 'cli/test/fixtures/crashing-service.ts';

/** runStack on real child processes (a small fixture service), with its notes and signal hook in hand. */
function harness() {
  const notes: string[] = [];
  let signal: ((signal: NodeJS.Signals) => void) | undefined;
  const hooks: StackHooks = {
    env: process.env,
    repositoryRoot,
    isPretty: false,
    colorize: false,
    write: () => undefined,
    note: (message) => void notes.push(message),
    onSignal: (handler) => {
      signal = handler;
      return () => (signal = undefined);
    },
  };
  return { hooks, notes, ctrlC: () => signal?.('SIGINT') };
}

const waitFor = async (condition: () => boolean, timeoutMs = 20_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error('timed out');
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

describe('fareflow start supervisor (real child processes)', () => {
  it('restarts a crashing service with a growing delay, then gives up on the crash loop and stops the stack (exit 1)', async () => {
    const { hooks, notes } = harness();
    const specs: ProcessSpec[] = [
      { name: 'crasher', entry: ENTRY, env: { CRASH_AFTER_MS: '0' } },
      { name: 'steady', entry: ENTRY, env: {} },
    ];
    const policy = { ...defaultRestartPolicy, baseDelayMs: 50, maxRestarts: 2, windowMs: 60_000, jitter: 0 };

    const code = await runStack(specs, hooks, policy);

    expect(code).toBe(1);
    const restarts = notes.filter((note) => note.startsWith('crasher: crashed; restarting'));
    expect(restarts).toEqual([
      'crasher: crashed; restarting in 50 ms (restart 1 of at most 2 within 60 s)',
      'crasher: crashed; restarting in 100 ms (restart 2 of at most 2 within 60 s)',
    ]);
    expect(notes.filter((note) => note === 'crasher: exited with code 1')).toHaveLength(3);
    expect(notes).toContain('crasher is crash-looping (2 restarts within 60 s): sending SIGTERM to every service');
    expect(notes).toContain('steady: exited with code 0');
    expect(notes.filter((note) => note.startsWith('steady: started'))).toHaveLength(1);
  });

  it('Ctrl-C while a crashed service waits to restart: nothing restarts, everything stops', async () => {
    const { hooks, notes, ctrlC } = harness();
    const specs: ProcessSpec[] = [
      { name: 'crasher', entry: ENTRY, env: { CRASH_AFTER_MS: '0' } },
      { name: 'steady', entry: ENTRY, env: {} },
    ];
    const policy = { ...defaultRestartPolicy, baseDelayMs: 60_000, maxDelayMs: 60_000, jitter: 0 };
    const result = runStack(specs, hooks, policy);
    await waitFor(() => notes.some((note) => note.startsWith('crasher: crashed; restarting in 60000 ms')));

    ctrlC();

    expect(await result).toBe(1);
    expect(notes).toContain('crasher: not restarted: the stack is stopping');
    expect(notes.filter((note) => note.startsWith('crasher: started'))).toHaveLength(1);
    expect(notes).toContain('steady: exited with code 0');
  });
});
