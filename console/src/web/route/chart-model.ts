import type { HistoryResponse, PriceBand } from '../api/types';

/** Exactly what the chart is drawn from (exposed on the figure as `data-chart`, so tests read the data, not pixels). */
export interface ChartData {
  series: Array<{
    cabin: string;
    currency: string;
    days: Array<{ observedOn: string; low: string; median: string; high: string }>;
    points: Array<{ flightId: string; observedOn: string; price: string }>;
  }>;
  band: PriceBand | null;
  forecast: { date: string; price: string } | null;
}

export function chartDataOf(history: HistoryResponse): ChartData {
  const forecast = history.insight?.forecast;
  return {
    series: history.series.map((series) => ({
      cabin: series.cabin,
      currency: series.currency,
      days: series.days.map(({ observedOn, low, median, high }) => ({ observedOn, low, median, high })),
      points: series.flights.flatMap((flight) =>
        flight.points.map((point) => ({ flightId: flight.flightId, observedOn: point.observedOn, price: point.price })),
      ),
    })),
    band: history.insight?.band ?? null,
    forecast:
      forecast?.expectedLowestPrice && forecast.expectedLowestDate
        ? { date: forecast.expectedLowestDate, price: forecast.expectedLowestPrice.amount }
        : null,
  };
}

export interface Point {
  x: number;
  y: number;
}

export interface ChartGeometry {
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  series: Array<{
    cabin: string;
    line: Point[];
    range: Point[];
    dots: Array<Point & { flightId: string; price: string }>;
  }>;
  band: { q1: number; median: number; q3: number } | null;
  forecast: Point | null;
  xTicks: Array<{ x: number; label: string }>;
  yTicks: Array<{ y: number; label: string }>;
}

const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

function niceTicks(min: number, max: number, count: number): number[] {
  const span = max - min || Math.max(1, Math.abs(max));
  const rough = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((candidate) => candidate >= rough) ?? rough;
  const ticks: number[] = [];
  for (let tick = Math.ceil(min / step) * step; tick <= max + 1e-9; tick += step) {
    ticks.push(Math.round(tick * 100) / 100);
  }
  return ticks;
}

/** Lays the chart out on a `width` x `height` canvas: observation days across, prices up. Pure. */
export function layoutChart(data: ChartData, width = 640, height = 280): ChartGeometry | null {
  const days = data.series.flatMap((series) => [
    ...series.days.map((day) => day.observedOn),
    ...series.points.map((point) => point.observedOn),
  ]);
  if (days.length === 0) {
    return null;
  }
  const times = [...days.map(dayMs), ...(data.forecast ? [dayMs(data.forecast.date)] : [])];
  const prices = [
    ...data.series.flatMap((series) => [
      ...series.days.flatMap((day) => [Number(day.low), Number(day.high)]),
      ...series.points.map((point) => Number(point.price)),
    ]),
    ...(data.band ? [Number(data.band.q1), Number(data.band.q3)] : []),
    ...(data.forecast ? [Number(data.forecast.price)] : []),
  ];
  const [minT, maxT] = [Math.min(...times), Math.max(...times)];
  const yTickValues = niceTicks(Math.min(...prices), Math.max(...prices), 5);
  const [minP, maxP] = [Math.min(...prices, ...yTickValues.slice(0, 1)), Math.max(...prices, ...yTickValues.slice(-1))];
  const plot = { left: 56, top: 12, right: width - 12, bottom: height - 32 };
  const x = (day: string) =>
    maxT === minT
      ? (plot.left + plot.right) / 2
      : plot.left + ((dayMs(day) - minT) / (maxT - minT)) * (plot.right - plot.left);
  const y = (price: string | number) =>
    maxP === minP
      ? (plot.top + plot.bottom) / 2
      : plot.bottom - ((Number(price) - minP) / (maxP - minP)) * (plot.bottom - plot.top);
  const xTickDays = [...new Set(days)].sort();
  const stride = Math.max(1, Math.ceil(xTickDays.length / 6));
  return {
    width,
    height,
    plot,
    series: data.series.map((series) => ({
      cabin: series.cabin,
      line: series.days.map((day) => ({ x: x(day.observedOn), y: y(day.low) })),
      range: [
        ...series.days.map((day) => ({ x: x(day.observedOn), y: y(day.high) })),
        ...[...series.days].reverse().map((day) => ({ x: x(day.observedOn), y: y(day.low) })),
      ],
      dots: series.points.map((point) => ({
        x: x(point.observedOn),
        y: y(point.price),
        flightId: point.flightId,
        price: point.price,
      })),
    })),
    band: data.band ? { q1: y(data.band.q1), median: y(data.band.median), q3: y(data.band.q3) } : null,
    forecast: data.forecast ? { x: x(data.forecast.date), y: y(data.forecast.price) } : null,
    xTicks: xTickDays.filter((_, index) => index % stride === 0).map((day) => ({ x: x(day), label: day.slice(5) })),
    yTicks: yTickValues.map((value) => ({ y: y(value), label: String(value) })),
  };
}

/** `M x y L x y ...` */
export const pathOf = (points: Point[], isClosed = false) =>
  points.length === 0
    ? ''
    : `${points.map((point, index) => `${index === 0 ? 'M' : 'L'}${point.x.toFixed(1)} ${point.y.toFixed(1)}`).join(' ')}${isClosed ? ' Z' : ''}`;
