/**
 * `npm run bench -- predictor [--flights N] [--history-days D] [--seed S]`
 *
 * One forecast run, as the scheduled job does it, over N synthetic flights with D days of daily
 * prices each: learn the outcome tables from all of them, then forecast every flight's path to
 * departure with its band, 7-day rise probability, expected lowest fare and buy/wait advice.
 * Baseline in the same run: the naive forecaster (last price held flat to departure) over the
 * same flights, building the same path shape. Target: 100,000 flights in at most 60 s.
 */
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';

import {
  defaultPriceModelSettings,
  forecastSeries,
  type TrainingSeries,
  trainPriceModel,
} from '@fareflow/predictor/domain';
import { createSeededRandom } from '@fareflow/shared';

const { values: args } = parseArgs({
  options: {
    flights: { type: 'string', default: '100000' },
    'history-days': { type: 'string', default: '60' },
    routes: { type: 'string', default: '200' },
    seed: { type: 'string', default: '42' },
  },
});
const flights = Number(args.flights);
const historyDays = Number(args['history-days']);
const routes = Number(args.routes);
const AS_OF_DAY = 20_000;

/** Fares on a ladder: flat far out, climbing in the last three weeks, with random steps up and back. */
function generateFlights(): TrainingSeries[] {
  const random = createSeededRandom(Number(args.seed));
  return Array.from({ length: flights }, (_, f) => {
    const daysLeftNow = 1 + Math.floor(random() * 120);
    const departureDay = AS_OF_DAY + daysLeftNow;
    const base = 20 + Math.floor(random() * 20) * 10;
    const days: number[] = [];
    const prices: number[] = [];
    let step = 0;
    for (let d = historyDays - 1; d >= 0; d -= 1) {
      const day = AS_OF_DAY - d;
      const daysLeft = departureDay - day;
      if (random() < 0.12) {
        step = Math.max(-2, Math.min(4, step + (random() < 0.55 ? 1 : -1)));
      }
      const climb = daysLeft < 21 ? 1 + (21 - daysLeft) * 0.12 : 1;
      days.push(day);
      prices.push(Math.round(base * climb * (1 + 0.15 * step)) - 0.01);
    }
    return { id: `F${f}`, route: `R${f % routes}`, departureDay, days, prices };
  });
}

function naiveRun(series: TrainingSeries[]): number {
  let points = 0;
  for (const item of series) {
    const last = item.prices[item.prices.length - 1]!;
    const asOf = item.days[item.days.length - 1]!;
    const path = [];
    for (let h = 1; h <= item.departureDay - asOf; h += 1) {
      path.push({ day: asOf + h, daysAhead: h, low: last, median: last, high: last });
    }
    points += path.length;
  }
  return points;
}

function modelRun(series: TrainingSeries[]): { points: number; waits: number; trainMs: number } {
  const started = performance.now();
  const model = trainPriceModel(series, defaultPriceModelSettings, AS_OF_DAY);
  const trainMs = performance.now() - started;
  let points = 0;
  let waits = 0;
  for (const state of model.states) {
    const outlook = forecastSeries(model, state);
    points += outlook?.forecast.path.length ?? 0;
    waits += outlook?.advice.action === 'WAIT' ? 1 : 0;
  }
  return { points, waits, trainMs };
}

function main(): void {
  console.log(
    `machine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const generated = performance.now();
  const series = generateFlights();
  console.log(
    `generated ${flights} flights x ${historyDays} days in ${((performance.now() - generated) / 1000).toFixed(1)} s`,
  );

  const naiveStart = performance.now();
  const naivePoints = naiveRun(series);
  const naiveSeconds = (performance.now() - naiveStart) / 1000;

  const modelStart = performance.now();
  const result = modelRun(series);
  const modelSeconds = (performance.now() - modelStart) / 1000;

  const rate = (seconds: number) => Math.round(flights / seconds);
  console.log(
    `model:    ${flights} flights in ${modelSeconds.toFixed(2)} s = ${rate(modelSeconds)} flights/s ` +
      `(learning ${(result.trainMs / 1000).toFixed(2)} s, ${result.points} path points, ${result.waits} WAIT)`,
  );
  console.log(
    `baseline: naive last-price forecaster ${naiveSeconds.toFixed(2)} s = ${rate(naiveSeconds)} flights/s (${naivePoints} path points)`,
  );
  console.log(`ratio: model takes ${(modelSeconds / naiveSeconds).toFixed(1)}x the naive forecaster's time`);
  console.log(`target: ${flights} flights in <= 60 s: ${modelSeconds <= 60 ? 'met' : 'NOT met'}`);
}

main();
