import { numberToAmount } from '@fareflow/shared';

import type { PriceInsight, StoredForecast } from '../domain/ports';
import { computePriceBand, isComparableDeparture } from '../domain/price-band';
import type { FlightSeries } from './flight-series';

const COMPARABLE_DAYS_LEFT = 7;

/**
 * Insights per route and departure day, as the availability API serves them: the forecast and
 * advice of that day's cheapest economy flight (any cabin if none), and the band of comparable
 * history: the route's departures within a week of that day, priced at a similar lead time.
 */
export function buildInsights(forecasts: readonly StoredForecast[], history: readonly FlightSeries[]): PriceInsight[] {
  const cheapest = new Map<string, StoredForecast>();
  for (const forecast of forecasts) {
    const key = `${forecast.origin}|${forecast.destination}|${forecast.departureDate}`;
    const current = cheapest.get(key);
    if (!current || isPreferred(forecast, current)) {
      cheapest.set(key, forecast);
    }
  }
  const byRoute = new Map<string, FlightSeries[]>();
  for (const series of history) {
    const list = byRoute.get(series.route) ?? [];
    list.push(series);
    byRoute.set(series.route, list);
  }
  return [...cheapest.values()].map((forecast) =>
    toInsight(forecast, byRoute.get(`${forecast.origin}-${forecast.destination}`) ?? []),
  );
}

function isPreferred(candidate: StoredForecast, current: StoredForecast): boolean {
  const isEconomy = (forecast: StoredForecast) => forecast.cabin === 'ECONOMY';
  if (isEconomy(candidate) !== isEconomy(current)) {
    return isEconomy(candidate);
  }
  return Number(candidate.currentPrice) < Number(current.currentPrice);
}

function toInsight(forecast: StoredForecast, routeHistory: readonly FlightSeries[]): PriceInsight {
  const departureDay = Date.parse(`${forecast.departureDate}T00:00:00Z`) / 86_400_000;
  const daysLeft = departureDay - Date.parse(`${forecast.asOfDate}T00:00:00Z`) / 86_400_000;
  const comparable: number[] = [];
  for (const series of routeHistory) {
    if (series.currency !== forecast.currency || !isComparableDeparture(departureDay, series.departureDay)) {
      continue;
    }
    series.days.forEach((day, i) => {
      if (Math.abs(series.departureDay - day - daysLeft) <= COMPARABLE_DAYS_LEFT) {
        comparable.push(series.prices[i]!);
      }
    });
  }
  const band = computePriceBand(comparable);
  return {
    origin: forecast.origin,
    destination: forecast.destination,
    departureDate: forecast.departureDate,
    currency: forecast.currency,
    ...(band
      ? {
          band: {
            min: numberToAmount(band.min),
            q1: numberToAmount(band.q1),
            median: numberToAmount(band.median),
            q3: numberToAmount(band.q3),
            max: numberToAmount(band.max),
            samples: band.samples,
          },
        }
      : {}),
    expectedLowestPrice: forecast.expectedLowestPrice,
    expectedLowestDate: forecast.expectedLowestDate,
    riseProbability7d: forecast.riseProbability7d,
    advice: forecast.advice,
    adviceConfidence: forecast.adviceConfidence,
    forecastPath: JSON.stringify(forecast.path),
  };
}
