import { exponentialBackoff } from '../../src/retry/backoff';

describe('exponentialBackoff', () => {
  it('doubles the ceiling per attempt until the cap', () => {
    const atCeiling = exponentialBackoff({ baseMs: 100, capMs: 1_000, random: () => 0.999999 });
    expect([1, 2, 3, 4, 5, 10].map(atCeiling)).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it('jitters uniformly below the ceiling', () => {
    const atZero = exponentialBackoff({ baseMs: 100, capMs: 1_000, random: () => 0 });
    const half = exponentialBackoff({ baseMs: 100, capMs: 1_000, random: () => 0.5 });
    expect(atZero(3)).toBe(0);
    expect(half(3)).toBe(200);
  });

  it('treats attempts below 1 as the first and survives huge attempts', () => {
    const backoff = exponentialBackoff({ baseMs: 50, capMs: 5_000, random: () => 0.5 });
    expect(backoff(0)).toBe(25);
    expect(backoff(10_000)).toBe(2_500);
  });
});
