import { createTtlCache } from '../../src/cache/ttl-cache';

describe('ttl cache', () => {
  let clock = 0;
  const build = (maxEntries = 10, maxBytes = 10_000) =>
    createTtlCache<string>({ ttlMs: 100, maxEntries, maxBytes, sizeOf: (value) => value.length, now: () => clock });

  beforeEach(() => {
    clock = 0;
  });

  it('coalesces concurrent misses into one load', async () => {
    const cache = build();
    let loads = 0;
    let release: (value: string) => void = () => undefined;
    const load = () => {
      loads += 1;
      return new Promise<string>((resolve) => (release = resolve));
    };
    const all = Promise.all([cache.getOrLoad('k', load), cache.getOrLoad('k', load), cache.getOrLoad('k', load)]);
    release('v');
    expect(await all).toEqual(['v', 'v', 'v']);
    expect(loads).toBe(1);
    expect(cache.stats).toMatchObject({ misses: 1, coalesced: 2 });
  });

  it('serves until the TTL passes, then loads again', async () => {
    const cache = build();
    let version = 0;
    const load = () => Promise.resolve(`v${(version += 1)}`);
    expect(await cache.getOrLoad('k', load)).toBe('v1');
    clock = 99;
    expect(await cache.getOrLoad('k', load)).toBe('v1');
    clock = 100;
    expect(await cache.getOrLoad('k', load)).toBe('v2');
  });

  it('does not cache failures', async () => {
    const cache = build();
    await expect(cache.getOrLoad('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(await cache.getOrLoad('k', () => Promise.resolve('up'))).toBe('up');
  });

  it('evicts the least recently used by entries and by bytes', async () => {
    const cache = build(2, 10_000);
    await cache.getOrLoad('a', () => Promise.resolve('1'));
    await cache.getOrLoad('b', () => Promise.resolve('2'));
    cache.peek('a');
    await cache.getOrLoad('c', () => Promise.resolve('3'));
    expect([cache.peek('a'), cache.peek('b'), cache.peek('c')]).toEqual(['1', undefined, '3']);

    const small = build(100, 20);
    await small.getOrLoad('x', () => Promise.resolve('x'.repeat(10)));
    await small.getOrLoad('y', () => Promise.resolve('y'.repeat(10)));
    expect(small.peek('x')).toBeUndefined();
    expect(small.stats.bytes).toBeLessThanOrEqual(20);
  });
});
