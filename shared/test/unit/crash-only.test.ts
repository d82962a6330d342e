import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';

import { createLogger } from '../../src/logging';
import { CRASH_EXIT_CODE, createGracefulShutdown, exitOnCrash, runService } from '../../src/shutdown';

/** A logger whose JSON lines the test reads back. */
function capturedLogger() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { logger: createLogger({ service: 'svc', level: 'info', format: 'json', destination }), lines };
}

describe('crash-only handlers', () => {
  it('an unhandled rejection is logged with its error, runs the staged shutdown, then exits non-zero', async () => {
    const { logger, lines } = capturedLogger();
    const shutdown = createGracefulShutdown(logger);
    const closed: string[] = [];
    shutdown.register('pg pool', () => void closed.push('pg pool'));
    shutdown.register('consumer', async () => void closed.push('consumer'));
    const source = new EventEmitter();
    const exited = new Promise<number>((resolve) =>
      exitOnCrash({ logger, shutdown, timeoutMs: 5_000, exit: resolve as (code: number) => never, source }),
    );

    source.emit('unhandledRejection', new TypeError("Cannot read properties of null (reading 'endpoint')"));

    expect(await exited).toBe(CRASH_EXIT_CODE);
    expect(CRASH_EXIT_CODE).not.toBe(0);
    expect(closed).toEqual(['consumer', 'pg pool']);
    const fatal = lines.find((line) => line['level'] === 60);
    expect(fatal).toMatchObject({
      service: 'svc',
      kind: 'unhandledRejection',
      err: { type: 'TypeError', message: "Cannot read properties of null (reading 'endpoint')" },
    });
    expect(String((fatal?.['err'] as { stack?: string }).stack)).toContain('TypeError');
    expect(lines.find((line) => line['msg'] === 'shutting down')).toMatchObject({ reason: 'unhandledRejection' });
  });

  it('an uncaught exception keeps its origin; a non-Error rejection is logged too', async () => {
    const { logger, lines } = capturedLogger();
    const source = new EventEmitter();
    const exits: number[] = [];
    const done = new Promise<void>((resolve) =>
      exitOnCrash({
        logger,
        shutdown: createGracefulShutdown(logger),
        timeoutMs: 5_000,
        exit: ((code: number) => {
          exits.push(code);
          resolve();
        }) as (code: number) => never,
        source,
      }),
    );
    source.emit('uncaughtException', new Error('thrown in a timer'), 'uncaughtException');
    await done;
    expect(exits).toEqual([CRASH_EXIT_CODE]);
    expect(lines.find((line) => line['level'] === 60)).toMatchObject({
      kind: 'uncaughtException',
      origin: 'uncaughtException',
      err: { message: 'thrown in a timer' },
    });
  });

  it('a second crash while shutting down exits at once; so does a shutdown that hangs past the timeout', async () => {
    const { logger } = capturedLogger();
    const shutdown = createGracefulShutdown(logger);
    shutdown.register('hangs', () => new Promise<void>(() => undefined));
    const source = new EventEmitter();
    const exits: number[] = [];
    exitOnCrash({
      logger,
      shutdown,
      timeoutMs: 50,
      exit: ((code: number) => void exits.push(code)) as (code: number) => never,
      source,
    });
    source.emit('unhandledRejection', new Error('first'));
    source.emit('unhandledRejection', 'second');
    expect(exits).toEqual([CRASH_EXIT_CODE]);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(exits).toEqual([CRASH_EXIT_CODE, CRASH_EXIT_CODE]);
  });

  it('runService installs them: a crash after start closes what start opened and exits non-zero', async () => {
    const source = new EventEmitter();
    const closed: string[] = [];
    const exitCode = await new Promise<number>((resolve) => {
      runService(
        {
          name: 'svc',
          loadConfig: () => ({ LOG_LEVEL: 'silent' as const, SHUTDOWN_TIMEOUT_MS: 1_000 }),
          start: async ({ shutdown }) => {
            shutdown.register('cassandra', () => void closed.push('cassandra'));
            // The driver's reconnection timer rejects with nobody awaiting it.
            setImmediate(() => source.emit('unhandledRejection', new TypeError('driver fault')));
          },
        },
        {
          env: {},
          exit: resolve as (code: number) => never,
          writeError: () => undefined,
          crashes: source,
        },
      );
    });
    expect(exitCode).toBe(CRASH_EXIT_CODE);
    expect(closed).toEqual(['cassandra']);
  });
});
