import { createSeededRandom } from '@fareflow/shared';

import type { PanelSeries } from '../../src/backtest/panel-parser';

/**
 * A small panel shaped like real low-cost fares: flat on a ladder far out, random steps up and
 * back, climbing over the last three weeks. Departures every day over `departures` days, each
 * observed daily from `leadDays` before departure.
 */
export function makeSyntheticPanel(options: {
  routes: string[];
  departures: number;
  leadDays: number;
  seed: number;
}): PanelSeries[] {
  const random = createSeededRandom(options.seed);
  const firstDeparture = 20_000;
  return options.routes.flatMap((route) =>
    Array.from({ length: options.departures }, (_, d) => {
      const departureDay = firstDeparture + d;
      const base = 30 + Math.floor(random() * 5) * 10;
      const days: number[] = [];
      const prices: number[] = [];
      let step = 0;
      for (let daysLeft = options.leadDays; daysLeft >= 0; daysLeft -= 1) {
        if (random() < 0.15) {
          step = Math.max(-1, Math.min(3, step + (random() < 0.5 ? 1 : -1)));
        }
        const climb = daysLeft < 21 ? 1 + (21 - daysLeft) * 0.1 : 1;
        days.push(departureDay - daysLeft);
        prices.push(Math.round(base * climb * (1 + 0.2 * step)) - 0.01);
      }
      return { id: `${route}-${departureDay}`, route, departureDay, currency: 'EUR', days, prices };
    }),
  );
}
