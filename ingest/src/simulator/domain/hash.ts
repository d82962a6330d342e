/**
 * Deterministic pseudo-randomness: the simulated market is a pure function of (seed, flight,
 * time bucket), so two simulator processes with the same seed agree and tests can reproduce it.
 */
export function hash32(text: string): number {
  // FNV-1a, then a final avalanche so that nearby inputs spread out.
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}

/** Uniform in [0, 1) from the parts. */
export const unit = (...parts: (string | number)[]) => hash32(parts.join('|')) / 0x1_0000_0000;
