import type { BandLabel, PriceBand } from '../api/types';

/** Where `price` sits between the band's min (0) and max (1), clamped; the quartiles likewise. */
export function bandPosition(
  band: PriceBand,
  price: string,
): { price: number; q1: number; median: number; q3: number } {
  const [min, max] = [Number(band.min), Number(band.max)];
  const at = (value: string) => (max === min ? 0.5 : Math.min(1, Math.max(0, (Number(value) - min) / (max - min))));
  return { price: at(price), q1: at(band.q1), median: at(band.median), q3: at(band.q3) };
}

/** The API's label when it gives one, else by the quartiles: below q1 low, above q3 high. */
export function labelOf(band: PriceBand, price: string, given: BandLabel | null): BandLabel {
  if (given) {
    return given;
  }
  const value = Number(price);
  return value < Number(band.q1) ? 'low' : value > Number(band.q3) ? 'high' : 'typical';
}
