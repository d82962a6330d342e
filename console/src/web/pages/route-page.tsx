import { useEffect, useState } from 'preact/hooks';

import { type ApiClient, ApiError } from '../api/client';
import type { DatesResponse, HistoryResponse, Insight } from '../api/types';
import { ErrorNotice, Loading } from '../components/error-notice';
import { RouteDayFields } from '../components/fields';
import { useLoader } from '../hooks';
import { AdvicePanel } from '../route/advice-panel';
import { BandGauge } from '../route/band-gauge';
import { FareCalendar } from '../route/fare-calendar';
import { lastDayOf, shiftMonth } from '../route/month-grid';
import { PriceHistoryChart } from '../route/price-history-chart';
import { navigate } from '../routing';

interface RouteQuery {
  origin: string;
  destination: string;
  date: string;
  cabin: string;
}

interface RouteView {
  /** null: the API has no history for this day (or no history endpoint yet). */
  history: HistoryResponse | null;
  insight: Insight | null;
}

async function loadRoute(api: ApiClient, query: RouteQuery): Promise<RouteView> {
  const params = { origin: query.origin, destination: query.destination, date: query.date };
  let history: HistoryResponse | null = null;
  try {
    history = await api.get<HistoryResponse>('/api/availability/v1/history', { ...params, cabin: query.cabin });
  } catch (error) {
    if (!(error instanceof ApiError && error.status === 404)) {
      throw error;
    }
  }
  const insight = history?.insight ?? (await api.get<Insight>('/api/availability/v1/insights', params));
  return { history: history && history.series.length > 0 ? history : null, insight: history?.insight ?? insight };
}

/** Route: a departure day's price history with the band and advice, and a month of cheapest fares by day. */
export function RoutePage(props: { api: ApiClient; params: URLSearchParams }) {
  const params = props.params;
  const query: RouteQuery = {
    origin: params.get('origin') ?? '',
    destination: params.get('destination') ?? '',
    date: params.get('date') ?? '',
    cabin: params.get('cabin') ?? '',
  };
  const [form, setForm] = useState(query);
  const [month, setMonth] = useState(query.date.slice(0, 7));
  const [view, loadView] = useLoader((next: RouteQuery) => loadRoute(props.api, next));
  const [dates, loadDates] = useLoader((next: RouteQuery, forMonth: string) =>
    props.api.get<DatesResponse>('/api/availability/v1/dates', {
      origin: next.origin,
      destination: next.destination,
      from: `${forMonth}-01`,
      to: lastDayOf(forMonth),
    }),
  );
  const isComplete = Boolean(query.origin && query.destination && query.date);
  const key = `${query.origin}|${query.destination}|${query.date}|${query.cabin}`;
  useEffect(() => {
    setForm(query);
    if (isComplete) {
      void loadView(query);
    }
  }, [key]);
  useEffect(() => {
    if (isComplete && month) {
      void loadDates(query, month);
    }
  }, [key, month]);

  const show = (next: RouteQuery) => {
    setMonth(next.date.slice(0, 7));
    navigate('route', { ...next });
  };
  const set = (field: keyof RouteQuery) => (value: string) => setForm({ ...form, [field]: value });
  return (
    <section aria-labelledby="route-title">
      <h1 id="route-title">Route</h1>
      <form
        class="search-form"
        onSubmit={(event) => {
          event.preventDefault();
          show(form);
        }}
      >
        <RouteDayFields form={form} set={set} dateLabel="Departure day" />
        <button type="submit" class="primary">
          Show
        </button>
      </form>
      {view.state === 'loading' ? <Loading label="Loading the route…" /> : null}
      {view.state === 'failed' ? <ErrorNotice error={view.error} /> : null}
      {view.state === 'done' ? (
        <div class="route-grid">
          <section class="panel" aria-labelledby="history-title">
            <h2 id="history-title">
              Price history of {query.origin}-{query.destination} on {query.date}
            </h2>
            {view.data.history ? (
              <PriceHistoryChart history={view.data.history} />
            ) : (
              <p class="muted" id="no-history">
                No history yet for this day.
              </p>
            )}
          </section>
          <section class="panel" aria-labelledby="advice-title">
            <h2 id="advice-title">Buy or wait</h2>
            {view.data.insight ? (
              <>
                <AdvicePanel insight={view.data.insight} />
                <BandGauge insight={view.data.insight} />
              </>
            ) : (
              <p class="muted">No insight yet.</p>
            )}
          </section>
        </div>
      ) : null}
      {isComplete && month ? (
        <section class="panel" aria-labelledby="calendar-title">
          <h2 id="calendar-title">Cheapest fare by day</h2>
          <div class="calendar-nav">
            <button type="button" aria-label="previous month" onClick={() => setMonth(shiftMonth(month, -1))}>
              ←
            </button>
            <strong>{month}</strong>
            <button type="button" aria-label="next month" onClick={() => setMonth(shiftMonth(month, 1))}>
              →
            </button>
          </div>
          {dates.state === 'failed' ? <ErrorNotice error={dates.error} /> : null}
          <FareCalendar
            month={month}
            days={dates.state === 'done' ? dates.data.days : []}
            selected={query.date}
            onPick={(day) => show({ ...query, date: day })}
          />
        </section>
      ) : null}
    </section>
  );
}
