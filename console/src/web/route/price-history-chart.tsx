import type { HistoryResponse } from '../api/types';
import { chartDataOf, layoutChart, pathOf } from './chart-model';

const COLOURS = ['#1f6feb', '#bf3989', '#1a7f37', '#9a6700'];

/**
 * Observed fares of one departure day over the days they were observed, per cabin: the daily
 * cheapest as a line, the daily low-high range shaded, each flight's observations as dots, the
 * history band (q1-q3) behind, and the forecast's expected lowest price as a diamond. SVG, so it
 * scales to any width; a table carries the same numbers for screen readers.
 */
export function PriceHistoryChart({ history }: { history: HistoryResponse }) {
  const data = chartDataOf(history);
  const chart = layoutChart(data);
  if (!chart) {
    return null;
  }
  const { plot } = chart;
  return (
    <figure class="chart" id="price-history-chart" data-chart={JSON.stringify(data)}>
      <svg
        viewBox={`0 0 ${chart.width} ${chart.height}`}
        role="img"
        aria-labelledby="chart-title"
        preserveAspectRatio="xMidYMid meet"
      >
        <title id="chart-title">
          Observed fares for {history.origin}-{history.destination} on {history.departureDate}, by observation day
        </title>
        {chart.band ? (
          <g class="band">
            <rect
              x={plot.left}
              y={chart.band.q3}
              width={plot.right - plot.left}
              height={Math.max(1, chart.band.q1 - chart.band.q3)}
            />
            <line x1={plot.left} x2={plot.right} y1={chart.band.median} y2={chart.band.median} />
          </g>
        ) : null}
        <g class="axis">
          {chart.yTicks.map((tick) => (
            <g>
              <line x1={plot.left} x2={plot.right} y1={tick.y} y2={tick.y} class="grid" />
              <text x={plot.left - 6} y={tick.y + 4} text-anchor="end">
                {tick.label}
              </text>
            </g>
          ))}
          {chart.xTicks.map((tick) => (
            <text x={tick.x} y={plot.bottom + 18} text-anchor="middle">
              {tick.label}
            </text>
          ))}
        </g>
        {chart.series.map((series, index) => {
          const colour = COLOURS[index % COLOURS.length];
          return (
            <g class="series" data-cabin={series.cabin}>
              <path class="range" d={pathOf(series.range, true)} fill={colour} />
              <path class="line" d={pathOf(series.line)} stroke={colour} />
              {series.dots.map((dot) => (
                <circle
                  class="point"
                  cx={dot.x}
                  cy={dot.y}
                  r={3}
                  fill={colour}
                  data-flight-id={dot.flightId}
                  data-price={dot.price}
                />
              ))}
            </g>
          );
        })}
        {chart.forecast ? (
          <path
            class="forecast"
            d={`M${chart.forecast.x} ${chart.forecast.y - 6} l6 6 l-6 6 l-6 -6 Z`}
            aria-hidden="true"
          />
        ) : null}
      </svg>
      <figcaption>
        <ul class="legend">
          {data.series.map((series, index) => (
            <li>
              <span class="swatch" style={{ background: COLOURS[index % COLOURS.length] }} />
              {series.cabin.toLowerCase()} ({series.currency}): cheapest per day, low-high range, one dot per
              observation
            </li>
          ))}
          {data.band ? (
            <li>
              <span class="swatch swatch-band" />
              typical band {data.band.q1}-{data.band.q3} {data.band.currency}
            </li>
          ) : null}
          {data.forecast ? (
            <li>
              <span class="swatch swatch-forecast" />
              forecast lowest {data.forecast.price} on {data.forecast.date}
            </li>
          ) : null}
        </ul>
      </figcaption>
      <table class="visually-hidden">
        <caption>Observed fares by day</caption>
        <thead>
          <tr>
            <th scope="col">Cabin</th>
            <th scope="col">Observed on</th>
            <th scope="col">Low</th>
            <th scope="col">Median</th>
            <th scope="col">High</th>
          </tr>
        </thead>
        <tbody>
          {data.series.flatMap((series) =>
            series.days.map((day) => (
              <tr>
                <td>{series.cabin}</td>
                <td>{day.observedOn}</td>
                <td>{day.low}</td>
                <td>{day.median}</td>
                <td>{day.high}</td>
              </tr>
            )),
          )}
        </tbody>
      </table>
    </figure>
  );
}
