import {
  decideOnExit,
  defaultRestartPolicy,
  describeExit,
  exitStatus,
  type RestartPolicy,
} from '../../src/stack/restart-policy';

const policy: RestartPolicy = { baseDelayMs: 500, maxDelayMs: 15_000, maxRestarts: 5, windowMs: 60_000, jitter: 0.2 };
const crash = { code: 70, signal: null };
const killed = { code: null, signal: 'SIGKILL' as const };
const now = 1_000_000;
const decide = (overrides: Partial<Parameters<typeof decideOnExit>[0]> = {}) =>
  decideOnExit({ exit: crash, isStopping: false, restartTimes: [], now, policy, random: () => 0, ...overrides });

describe('restart policy of fareflow start', () => {
  it('restarts a crash (non-zero code) and a signal it did not send (SIGKILL, OOM killer)', () => {
    expect(decide()).toEqual({ action: 'restart', delayMs: 500, restartsInWindow: 0 });
    expect(decide({ exit: killed })).toEqual({ action: 'restart', delayMs: 500, restartsInWindow: 0 });
    expect(decide({ exit: { code: 1, signal: null } }).action).toBe('restart');
  });

  it('never restarts while the stack is stopping, whatever the exit', () => {
    for (const exit of [crash, killed, { code: 0, signal: null }, { code: null, signal: 'SIGTERM' as const }]) {
      expect(decide({ exit, isStopping: true })).toEqual({ action: 'stopped' });
    }
  });

  it('a service that exits 0 on its own stops the stack (it was stopped on purpose)', () => {
    expect(decide({ exit: { code: 0, signal: null } })).toEqual({ action: 'stop-stack' });
  });

  it('doubles the delay per restart within the window, capped', () => {
    const delays = [0, 1, 2, 3, 4].map((count) => {
      const decision = decide({ restartTimes: Array.from({ length: count }, (_, index) => now - 1_000 * (index + 1)) });
      return decision.action === 'restart' ? decision.delayMs : decision.action;
    });
    expect(delays).toEqual([500, 1_000, 2_000, 4_000, 8_000]);
    const wide = { ...policy, maxRestarts: 100 };
    const many = decide({ policy: wide, restartTimes: Array.from({ length: 10 }, () => now - 1) });
    expect(many).toMatchObject({ action: 'restart', delayMs: 15_000 });
  });

  it('gives up on a crash loop: the 6th crash within 60 s', () => {
    const fiveRecent = [now - 50_000, now - 40_000, now - 30_000, now - 20_000, now - 10_000];
    expect(decide({ restartTimes: fiveRecent })).toEqual({ action: 'give-up', restartsInWindow: 5 });
  });

  it('forgets restarts older than the window: a service that ran quietly starts again from the base delay', () => {
    const old = [now - 400_000, now - 300_000, now - 200_000, now - 100_000, now - 60_000];
    expect(decide({ restartTimes: old })).toEqual({ action: 'restart', delayMs: 500, restartsInWindow: 0 });
    expect(decide({ restartTimes: [...old, now - 59_999] })).toMatchObject({ delayMs: 1_000, restartsInWindow: 1 });
  });

  it('jitter only shortens the delay, by at most its fraction', () => {
    expect(decide({ random: () => 0.999_999 })).toMatchObject({ delayMs: 400 });
    expect(
      decideOnExit({ exit: crash, isStopping: false, restartTimes: [], now, policy: defaultRestartPolicy }),
    ).toEqual(expect.objectContaining({ action: 'restart', delayMs: expect.any(Number) }));
  });

  it('describes exits as a shell would', () => {
    expect(describeExit(killed)).toBe('signal SIGKILL');
    expect(describeExit(crash)).toBe('code 70');
    expect(exitStatus(killed, () => 9)).toBe(137);
    expect(exitStatus({ code: 0, signal: null }, () => 9)).toBe(0);
  });
});
