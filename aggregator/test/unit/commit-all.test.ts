import { PermanentError, RetryableError } from '@fareflow/shared';

import { commitAll } from '../../src/use-cases/commit-all';

describe('commitAll', () => {
  it('waits for every write before failing', async () => {
    let isSlowWriteDone = false;
    const slow = new Promise<void>((resolve) =>
      setTimeout(() => {
        isSlowWriteDone = true;
        resolve();
      }, 20),
    );
    await expect(commitAll([Promise.reject(new RetryableError('X', 'fast failure')), slow])).rejects.toThrow(
      'fast failure',
    );
    expect(isSlowWriteDone).toBe(true);
  });

  it('reports a permanent failure over a retryable one, so the poison message is isolated', async () => {
    const failures = [
      Promise.reject(new RetryableError('DOWN', 'store down')),
      Promise.reject(new PermanentError('BAD', 'bad row')),
    ];
    await expect(commitAll(failures)).rejects.toMatchObject({ code: 'BAD' });
  });
});
