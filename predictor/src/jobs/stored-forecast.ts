import { numberToAmount } from '@fareflow/shared';

import { fromEpochDay } from '../domain/calendar';
import type { DemandEstimate } from '../domain/demand-model';
import type { StoredForecast } from '../domain/ports';
import type { SeriesOutlook } from '../domain/price-model';
import type { FlightSeries } from './flight-series';

const clamp01 = (value: number) => Math.min(1, Math.max(0, value));

/** Maps a model outlook to the stored row: amounts become 2-decimal strings, days become dates. */
export function toStoredForecast(series: FlightSeries, outlook: SeriesOutlook, demand: DemandEstimate): StoredForecast {
  const { forecast, advice } = outlook;
  const last = series.days.length - 1;
  return {
    flightId: series.flightId,
    cabin: series.cabin,
    origin: series.origin,
    destination: series.destination,
    departureDate: fromEpochDay(series.departureDay),
    asOfDate: fromEpochDay(forecast.asOfDay),
    currency: series.currency,
    // Today's fare exactly as observed; model outputs are rounded to cents.
    currentPrice: series.amounts[last]!,
    expectedLowestPrice:
      forecast.expectedLowest.day === forecast.asOfDay
        ? series.amounts[last]!
        : numberToAmount(forecast.expectedLowest.price),
    expectedLowestDate: fromEpochDay(forecast.expectedLowest.day),
    riseProbability7d: clamp01(forecast.riseProbability7d),
    advice: advice.action,
    adviceConfidence: clamp01(advice.confidence),
    ...(advice.waitUntilDay !== undefined ? { waitUntil: fromEpochDay(advice.waitUntilDay) } : {}),
    expectedBookings: demand.expectedBookings,
    seatsAvailable: series.seats[last]?.seatsAvailable ?? 0,
    path: forecast.path.map((point) => ({
      date: fromEpochDay(point.day),
      low: numberToAmount(point.low),
      median: numberToAmount(point.median),
      high: numberToAmount(point.high),
    })),
  };
}
