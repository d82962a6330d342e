/**
 * A small, fast, seeded pseudo-random generator (mulberry32): uniform in [0, 1). The same seed gives
 * the same sequence on every run and machine, so simulated faults, generated fixtures and fuzz cases
 * replay exactly from their seed. Not for anything secret.
 */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 0x1_0000_0000;
  };
}
