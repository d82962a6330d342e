import { useEffect, useState } from 'preact/hooks';

import type { ApiClient } from '../api/client';
import type { DestinationsResponse } from '../api/types';
import { ErrorNotice, Loading } from '../components/error-notice';
import { AirportInput, Field } from '../components/fields';
import { formatMoney } from '../format/money';
import { addDays, formatClock, isoDay } from '../format/time';
import { useLoader } from '../hooks';
import { hrefOf } from '../routing';

/** Destinations: where one can fly from an airport within a time frame, cheapest first. */
export function DestinationsPage(props: { api: ApiClient; params: URLSearchParams }) {
  const today = isoDay(new Date());
  const [form, setForm] = useState({
    origin: props.params.get('origin') ?? '',
    from: props.params.get('from') ?? today,
    to: props.params.get('to') ?? addDays(today, 6),
  });
  const [result, load] = useLoader((query: typeof form) =>
    props.api.get<DestinationsResponse>('/api/availability/v1/destinations', { ...query, limit: 50 }),
  );
  useEffect(() => {
    if (form.origin) {
      void load(form);
    }
  }, []);
  return (
    <section aria-labelledby="destinations-title">
      <h1 id="destinations-title">Destinations</h1>
      <form
        class="search-form"
        onSubmit={(event) => {
          event.preventDefault();
          void load(form);
        }}
      >
        <AirportInput
          label="From"
          name="origin"
          value={form.origin}
          onInput={(origin) => setForm({ ...form, origin })}
        />
        <Field label="Earliest departure">
          <input
            type="date"
            name="from"
            value={form.from}
            onInput={(e) => setForm({ ...form, from: e.currentTarget.value })}
          />
        </Field>
        <Field label="Latest departure" hint="at most 31 days">
          <input
            type="date"
            name="to"
            value={form.to}
            onInput={(e) => setForm({ ...form, to: e.currentTarget.value })}
          />
        </Field>
        <button type="submit" class="primary">
          Find destinations
        </button>
      </form>
      {result.state === 'loading' ? <Loading label="Looking for destinations…" /> : null}
      {result.state === 'failed' ? <ErrorNotice error={result.error} /> : null}
      {result.state === 'done' ? (
        result.data.destinations.length === 0 ? (
          <p class="muted">No bookable fares from {result.data.origin} in this time frame.</p>
        ) : (
          <ol class="destinations" aria-label={`destinations from ${result.data.origin}, cheapest first`}>
            {result.data.destinations.map((fare) => (
              <li data-destination={fare.destination}>
                <a
                  href={hrefOf('search', {
                    origin: result.data.origin,
                    destination: fare.destination,
                    date: fare.departureDate,
                    cabin: fare.cabin,
                  })}
                >
                  <strong class="airport-code">{fare.destination}</strong>
                  <span class="price">{formatMoney(fare.price)}</span>
                  <span class="muted">
                    {fare.departureDate} · departs {formatClock(fare.departureLocal)} · {fare.cabin.toLowerCase()} ·{' '}
                    {fare.seatsAvailable} seats
                  </span>
                </a>
              </li>
            ))}
          </ol>
        )
      ) : null}
    </section>
  );
}
