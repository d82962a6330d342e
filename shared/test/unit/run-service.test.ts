import { runService, type ServiceBaseConfig } from '../../src/shutdown';

class Exited extends Error {
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

describe('runService', () => {
  const config: ServiceBaseConfig = { LOG_LEVEL: 'silent', SHUTDOWN_TIMEOUT_MS: 1_000 };

  it('prints a bad config and exits 1 before starting anything', () => {
    const errors: string[] = [];
    const start = jest.fn();
    expect(() =>
      runService(
        {
          name: 'svc',
          loadConfig: () => {
            throw new Error('Invalid configuration:\n  PORT: too big');
          },
          start,
        },
        {
          env: {},
          exit: (code) => {
            throw new Exited(code);
          },
          writeError: (line) => void errors.push(line),
        },
      ),
    ).toThrow(new Exited(1));
    expect(errors).toEqual(['svc failed to start: Invalid configuration:\n  PORT: too big\n']);
    expect(start).not.toHaveBeenCalled();
  });

  it('closes what a failed start opened, then exits 1', async () => {
    const closed: string[] = [];
    const exitCode = await new Promise<number>((resolve) => {
      runService(
        {
          name: () => 'svc-us',
          loadConfig: () => config,
          start: async ({ shutdown }) => {
            shutdown.register('pool', () => void closed.push('pool'));
            throw new Error('broker unreachable');
          },
        },
        { env: {}, exit: ((code: number) => resolve(code)) as (code: number) => never, writeError: () => undefined },
      );
    });
    expect(exitCode).toBe(1);
    expect(closed).toEqual(['pool']);
  });
});
