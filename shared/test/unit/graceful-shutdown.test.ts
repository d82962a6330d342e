import { createLogger } from '../../src/logging';
import { createGracefulShutdown } from '../../src/shutdown';

describe('graceful shutdown', () => {
  const logger = createLogger({ service: 'test', level: 'silent' });

  it('closes in reverse order of registration and runs every step despite failures', async () => {
    const closed: string[] = [];
    const shutdown = createGracefulShutdown(logger);
    shutdown.register('pool', () => void closed.push('pool'));
    shutdown.register('broken', () => {
      closed.push('broken');
      throw new Error('boom');
    });
    shutdown.register('consumer', async () => void closed.push('consumer'));

    const errors = await shutdown.shutdown('SIGTERM');

    expect(closed).toEqual(['consumer', 'broken', 'pool']);
    expect(errors.map((error) => error.message)).toEqual(['boom']);
  });

  it('is idempotent: a second call runs nothing again', async () => {
    let runs = 0;
    const shutdown = createGracefulShutdown(logger);
    shutdown.register('once', () => void (runs += 1));
    await Promise.all([shutdown.shutdown('a'), shutdown.shutdown('b')]);
    await shutdown.shutdown('c');
    expect(runs).toBe(1);
  });
});
