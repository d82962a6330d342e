import { randomUUID } from 'node:crypto';

import { coerceError, type Logger, type RegionResolver } from '@fareflow/shared';

import { epochDayOf } from '../domain/calendar';
import { estimateDemand } from '../domain/demand-model';
import { PRICE_MODEL_VERSION, type PriceModelSettings } from '../domain/model-settings';
import type {
  ForecastStore,
  InsightStore,
  OrderHistorySource,
  PreorderPublisher,
  PreorderStore,
  PriceHistorySource,
  RunSummary,
  StoredForecast,
} from '../domain/ports';
import { forecastSeries, trainPriceModel } from '../domain/price-model';
import { type FlightSeries, groupDailyFares, isActive } from './flight-series';
import { buildInsights } from './insights';
import { type PreorderSettings, runPreorders } from './preorder-step';
import { toStoredForecast } from './stored-forecast';

export interface ForecastJobDeps {
  prices: PriceHistorySource;
  orders: OrderHistorySource;
  forecasts: ForecastStore;
  insights: InsightStore;
  preorders: PreorderStore;
  publisher: PreorderPublisher;
  resolveRegion: RegionResolver;
  logger: Logger;
  now: () => Date;
  settings: PriceModelSettings;
  historyDays: number;
  activeWithinDays: number;
  demandWindowDays: number;
  preorder: PreorderSettings;
  onFinished?: (summary: RunSummary, isSuccess: boolean) => void;
}

export interface ForecastJob {
  /** One run: learn from history, forecast active flights, write forecasts, insights and pre-orders. */
  run(): Promise<RunSummary>;
}

export function createForecastJob(deps: ForecastJobDeps): ForecastJob {
  return {
    async run() {
      const startedAt = deps.now();
      const runId = randomUUID();
      const logger = deps.logger.child({ component: 'forecast-job', runId });
      const summary: RunSummary = {
        runId,
        flights: 0,
        forecasts: 0,
        insights: 0,
        insightsSkipped: 0,
        preordersPublished: 0,
        preordersSkipped: 0,
        durationMs: 0,
      };
      await deps.forecasts.startRun(runId, PRICE_MODEL_VERSION, startedAt);
      try {
        await runSteps(deps, runId, startedAt, summary, logger);
        summary.durationMs = deps.now().getTime() - startedAt.getTime();
        await deps.forecasts.finishRun(summary);
        logger.info({ summary }, 'forecast run finished');
        deps.onFinished?.(summary, true);
        return summary;
      } catch (error) {
        const failure = coerceError(error);
        summary.durationMs = deps.now().getTime() - startedAt.getTime();
        await deps.forecasts.finishRun(summary, failure.message).catch(() => undefined);
        logger.error({ err: failure, summary }, 'forecast run failed');
        deps.onFinished?.(summary, false);
        throw failure;
      }
    },
  };
}

async function runSteps(deps: ForecastJobDeps, runId: string, startedAt: Date, summary: RunSummary, logger: Logger) {
  const today = epochDayOf(startedAt);
  const history = groupDailyFares(await deps.prices.loadDailyFares(today - deps.historyDays, today));
  const model = trainPriceModel(history, deps.settings, today);
  const active = history.flatMap((series, index) => (isActive(series, today, deps.activeWithinDays) ? [index] : []));
  summary.flights = active.length;
  logger.info({ series: history.length, active: active.length }, 'model learned; forecasting active flights');
  const bookings = await deps.orders.loadBookings(
    active.map((index) => history[index]!.flightId),
    today - deps.demandWindowDays,
    today,
  );
  const forecasts = forecastActive(deps, model, history, active, bookings, logger);
  summary.forecasts = await deps.forecasts.saveForecasts(runId, PRICE_MODEL_VERSION, startedAt, forecasts);
  await writeInsights(deps, forecasts, history, startedAt, summary, logger);
  await runPreorders(deps, forecasts, today, startedAt, summary, logger);
}

function forecastActive(
  deps: ForecastJobDeps,
  model: ReturnType<typeof trainPriceModel>,
  history: readonly FlightSeries[],
  active: readonly number[],
  bookings: Map<string, { day: number; seats: number }[]>,
  logger: Logger,
): StoredForecast[] {
  const progressEvery = Math.max(1, Math.ceil(active.length / 10));
  const forecasts: StoredForecast[] = [];
  active.forEach((index, done) => {
    const series = history[index]!;
    const outlook = forecastSeries(model, model.states[index]!);
    if (outlook) {
      const demand = estimateDemand({
        asOfDay: outlook.forecast.asOfDay,
        departureDay: series.departureDay,
        seats: series.seats,
        orders: bookings.get(series.id) ?? [],
        windowDays: deps.demandWindowDays,
      });
      forecasts.push(toStoredForecast(series, outlook, demand));
    }
    if ((done + 1) % progressEvery === 0 || done + 1 === active.length) {
      logger.info({ done: done + 1, total: active.length }, 'forecast progress');
    }
  });
  return forecasts;
}

async function writeInsights(
  deps: ForecastJobDeps,
  forecasts: readonly StoredForecast[],
  history: readonly FlightSeries[],
  computedAt: Date,
  summary: RunSummary,
  logger: Logger,
) {
  const byRegion = new Map<string, ReturnType<typeof buildInsights>>();
  for (const insight of buildInsights(forecasts, history)) {
    const region = deps.resolveRegion(insight.origin);
    if (region === undefined || !deps.insights.regions().includes(region)) {
      summary.insightsSkipped += 1;
      continue;
    }
    const list = byRegion.get(region) ?? [];
    list.push(insight);
    byRegion.set(region, list);
  }
  for (const [region, insights] of byRegion) {
    // Regions fail alone: one datacenter being down must not stop the others' insights.
    try {
      await deps.insights.writeInsights(region, insights, computedAt, PRICE_MODEL_VERSION);
      summary.insights += insights.length;
      logger.info({ region, insights: insights.length }, 'insights written');
    } catch (error) {
      summary.insightsSkipped += insights.length;
      logger.warn({ region, err: coerceError(error) }, 'insights not written for this region');
    }
  }
}
