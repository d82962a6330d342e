import type { Insight } from '../api/types';
import { formatMoney } from '../format/money';
import { bandPosition, labelOf } from './band-position';

const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

/** Where today's cheapest fare sits in the price band: low, typical or high. */
export function BandGauge({ insight }: { insight: Insight }) {
  const { band, currentFare } = insight;
  if (!band || !currentFare) {
    return <p class="muted">No price band yet: too few observations of this route.</p>;
  }
  const position = bandPosition(band, currentFare.price.amount);
  const label = labelOf(band, currentFare.price.amount, currentFare.label);
  return (
    <div class="gauge" id="band-gauge" data-label={label}>
      <p>
        Today's cheapest fare <strong>{formatMoney(currentFare.price)}</strong> is{' '}
        <strong class={`label label-${label}`}>{label}</strong> for this route (typical {band.q1}-{band.q3}{' '}
        {band.currency}, seen {band.min}-{band.max} over {band.samples} observations).
      </p>
      <div
        class="gauge-bar"
        role="meter"
        aria-valuemin={Number(band.min)}
        aria-valuemax={Number(band.max)}
        aria-valuenow={Number(currentFare.price.amount)}
        aria-valuetext={`${formatMoney(currentFare.price)}, ${label}`}
        aria-label="current fare in the price band"
      >
        <span class="gauge-typical" style={{ left: percent(position.q1), width: percent(position.q3 - position.q1) }} />
        <span class="gauge-marker" style={{ left: percent(position.price) }} />
      </div>
      <div class="gauge-scale muted">
        <span>{band.min}</span>
        <span>{band.max}</span>
      </div>
    </div>
  );
}
