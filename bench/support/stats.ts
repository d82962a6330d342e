/** The q-quantile (0..1) of an ascending array by the nearest-rank method; undefined when empty. */
export function quantile(sorted: readonly number[], q: number): number | undefined {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

/** Events per second. */
export const ratePerSecond = (count: number, ms: number): number => Math.round((count / ms) * 1000);
