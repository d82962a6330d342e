import type { HistoryResponse } from '../../src/web/api/types';
import { type ChartData, chartDataOf } from '../../src/web/route/chart-model';
import { lastDayOf } from '../../src/web/route/month-grid';
import { type Browser, openBrowser, signIn } from '../support/browser';
import { type ConsoleStack, startConsoleStack } from '../support/console-stack';

/** The Route page against the real availability API: the chart is drawn from /v1/history's points, the calendar from /v1/dates. */
describe('console: the Route page', () => {
  let stack: ConsoleStack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startConsoleStack();
    browser = await openBrowser();
    await signIn(browser.page, stack.consoleUrl, stack.apiKey);
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    const codes = await stack?.stop();
    expect(codes).toEqual([0, 0, 0, 0]);
  }, 60_000);

  const apiGet = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${stack.apiUrls.us}${path}`, {
      headers: { authorization: `Bearer ${stack.apiKey}` },
    });
    expect(response.status).toBe(200);
    return (await response.json()) as T;
  };

  it('draws the price history of a departure day from the points the API gives, per cabin', async () => {
    const { day } = stack.fixture;
    const history = await apiGet<HistoryResponse>(`/v1/history?origin=JFK&destination=LAX&date=${day}`);
    // The fixture: three economy flights and one business flight, each seen on 6 days.
    expect(history.series.map((series) => [series.cabin, series.flights.length])).toEqual([
      ['ECONOMY', 3],
      ['BUSINESS', 1],
    ]);

    await browser.page.goto(`${stack.consoleUrl}/#/route?origin=JFK&destination=LAX&date=${day}`);
    const figure = browser.page.locator('#price-history-chart');
    await figure.waitFor();
    const given = JSON.parse((await figure.getAttribute('data-chart')) ?? '{}') as ChartData;
    expect(given).toEqual(chartDataOf(history));
    expect(given.series.map((series) => series.points.length)).toEqual([18, 6]);

    const cabins = await figure
      .locator('g.series')
      .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-cabin')));
    expect(cabins).toEqual(['ECONOMY', 'BUSINESS']);
    const dots = await figure
      .locator('g.series[data-cabin="ECONOMY"] circle.point')
      .evaluateAll((nodes) =>
        nodes.map((node) => [node.getAttribute('data-flight-id'), node.getAttribute('data-price')]),
      );
    expect(dots).toEqual(
      history.series[0]?.flights.flatMap((flight) => flight.points.map((point) => [flight.flightId, point.price])),
    );
    // The daily-cheapest line has one vertex per observation day.
    const line = (await figure.locator('g.series[data-cabin="ECONOMY"] path.line').getAttribute('d')) ?? '';
    expect(line.match(/[ML]/g)).toHaveLength(history.series[0]?.days.length ?? -1);
    // The screen-reader table carries the same days and prices.
    const rows = await figure
      .locator('table tbody tr')
      .evaluateAll((nodes) =>
        nodes.map((node) =>
          Array.from(node.querySelectorAll('td'), (cell: { textContent: string | null }) => cell.textContent),
        ),
      );
    expect(rows).toEqual(
      history.series.flatMap((series) => series.days.map((d) => [series.cabin, d.observedOn, d.low, d.median, d.high])),
    );
  });

  it('shows what the API says of the forecast, and a month of cheapest fares by day from /v1/dates', async () => {
    const { day } = stack.fixture;
    const history = await apiGet<HistoryResponse>(`/v1/history?origin=JFK&destination=LAX&date=${day}`);
    await browser.page.goto(`${stack.consoleUrl}/#/route?origin=JFK&destination=LAX&date=${day}`);
    const advice = browser.page.getByRole('region', { name: 'Buy or wait' });
    await advice.waitFor();
    // No predictor runs in this stack: the API has no forecast and says so; the page shows its words.
    expect(history.insight?.forecast?.advice ?? null).toBeNull();
    expect(history.insight?.message).toBeTruthy();
    await expect(advice.innerText()).resolves.toContain(history.insight?.message ?? '');

    const month = day.slice(0, 7);
    const dates = await apiGet<{ days: Array<{ date: string; price: { amount: string } }> }>(
      `/v1/dates?origin=JFK&destination=LAX&from=${month}-01&to=${lastDayOf(month)}`,
    );
    const calendar = browser.page.locator('#fare-calendar');
    await calendar.locator('button.has-fare').first().waitFor();
    const shown = await calendar
      .locator('button.has-fare')
      .evaluateAll((nodes) =>
        nodes.map((node) => [node.getAttribute('data-date'), node.querySelector('.day-price')?.textContent]),
      );
    expect(shown).toEqual(dates.days.map((d) => [d.date, d.price.amount]));
    expect(await calendar.locator(`button[data-date="${day}"]`).getAttribute('aria-pressed')).toBe('true');
    const cheapest = dates.days.reduce((best, d) => (Number(d.price.amount) < Number(best.price.amount) ? d : best));
    expect(await calendar.locator('button.cheapest').getAttribute('data-date')).toBe(cheapest.date);
  });

  it('says so when a day has no history yet', async () => {
    const { day } = stack.fixture;
    const nextMonth = new Date(Date.parse(`${day}T00:00:00Z`) + 40 * 86_400_000).toISOString().slice(0, 10);
    await browser.page.goto(`${stack.consoleUrl}/#/route?origin=JFK&destination=LAX&date=${nextMonth}`);
    await browser.page.locator('#no-history').waitFor();
    expect(await browser.page.locator('#price-history-chart').count()).toBe(0);
  });
});
