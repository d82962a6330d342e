import type { Insight } from '../api/types';
import { formatMoney, formatPercent } from '../format/money';

/** The predictor's buy/wait advice with its confidence, or why there is none. */
export function AdvicePanel({ insight }: { insight: Insight }) {
  const forecast = insight.forecast;
  if (!forecast || !forecast.advice) {
    return <p class="muted">{insight.message ?? 'No forecast yet for this day.'}</p>;
  }
  const advice = forecast.advice.toLowerCase();
  return (
    <div class={`advice advice-${advice}`} id="advice" data-advice={advice}>
      <p class="advice-verdict">
        <strong>{advice === 'buy' ? 'Buy now' : advice === 'wait' ? 'Wait' : advice}</strong> · confidence{' '}
        {formatPercent(forecast.confidence)}
      </p>
      <dl class="facts">
        <dt>Chance the price rises within 7 days</dt>
        <dd>{formatPercent(forecast.riseProbability7d)}</dd>
        <dt>Expected lowest price</dt>
        <dd>
          {forecast.expectedLowestPrice ? formatMoney(forecast.expectedLowestPrice) : '—'}
          {forecast.expectedLowestDate ? ` on ${forecast.expectedLowestDate}` : ''}
        </dd>
        <dt>Model</dt>
        <dd>
          {forecast.modelVersion ?? '—'}
          {forecast.computedAt ? `, computed ${forecast.computedAt.slice(0, 16).replace('T', ' ')} UTC` : ''}
        </dd>
      </dl>
    </div>
  );
}
