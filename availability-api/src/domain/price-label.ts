import { compareAmounts } from '@fareflow/shared';

import type { PriceInsight } from './fare';

export type PriceLabel = 'low' | 'typical' | 'high';

/** Below the first quartile is low, above the third is high, in between typical. */
export function labelPrice(price: string, band: NonNullable<PriceInsight['band']>): PriceLabel {
  if (compareAmounts(price, band.q1) < 0) {
    return 'low';
  }
  if (compareAmounts(price, band.q3) > 0) {
    return 'high';
  }
  return 'typical';
}
