import { useEffect, useState } from 'preact/hooks';

import type { ApiClient } from '../api/client';
import type { FaresResponse, Offer } from '../api/types';
import type { Basket } from '../basket';
import { ErrorNotice, Loading } from '../components/error-notice';
import { Field, RouteDayFields } from '../components/fields';
import { OfferCard } from '../components/offer-card';
import { useLoader } from '../hooks';
import { navigate } from '../routing';

const PAGE_SIZE = 10;
const sorts = ['price', 'duration', 'departure', 'arrival'] as const;

interface SearchForm {
  origin: string;
  destination: string;
  date: string;
  cabin: string;
  maxStops: string;
  passengers: string;
  sort: string;
}

function formFrom(params: URLSearchParams): SearchForm {
  return {
    origin: params.get('origin') ?? '',
    destination: params.get('destination') ?? '',
    date: params.get('date') ?? '',
    cabin: params.get('cabin') ?? '',
    maxStops: params.get('maxStops') ?? '0',
    passengers: params.get('passengers') ?? '1',
    sort: params.get('sort') ?? 'price',
  };
}

const isComplete = (form: SearchForm) => Boolean(form.origin && form.destination && form.date);

/** Search: a route and day, filters, sorted results paged by the API's cursor; an offer goes to the Agent desk. */
export function SearchPage(props: { api: ApiClient; params: URLSearchParams; basket: Basket }) {
  const [form, setForm] = useState(() => formFrom(props.params));
  // Cursors of the pages before the current one (the first page has none).
  const [cursors, setCursors] = useState<string[]>([]);
  const [results, search] = useLoader((query: SearchForm, cursor?: string) =>
    props.api.get<FaresResponse>('/api/availability/v1/fares', {
      origin: query.origin,
      destination: query.destination,
      date: query.date,
      cabin: query.cabin,
      maxStops: query.maxStops,
      passengers: query.passengers,
      sort: query.sort,
      limit: PAGE_SIZE,
      cursor,
    }),
  );
  const set = (field: keyof SearchForm) => (value: string) => setForm({ ...form, [field]: value });

  const submit = (next: SearchForm) => {
    setCursors([]);
    void search(next);
  };
  // The search lives in the address (#/search?origin=...): back and reload show it again.
  const show = (next: SearchForm) => {
    const params = Object.fromEntries(Object.entries(next).filter(([, value]) => value !== ''));
    if (new URLSearchParams(params).toString() === props.params.toString()) {
      submit(next);
    } else {
      navigate('search', params);
    }
  };
  useEffect(() => {
    if (isComplete(form)) {
      submit(form);
    }
  }, []);

  const order = (offer: Offer) => {
    props.basket.add(offer);
    navigate('desk');
  };
  const history = (offer: Offer) =>
    navigate('route', { origin: form.origin, destination: form.destination, date: form.date, cabin: offer.cabin });

  const page = results.state === 'done' ? results.data : results.state === 'loading' ? results.previous : undefined;
  return (
    <section aria-labelledby="search-title">
      <h1 id="search-title">Search fares</h1>
      <form
        class="search-form"
        onSubmit={(event) => {
          event.preventDefault();
          show(form);
        }}
      >
        <RouteDayFields form={form} set={set} dateLabel="Date" />
        <Field label="Stops">
          <select name="maxStops" value={form.maxStops} onChange={(e) => set('maxStops')(e.currentTarget.value)}>
            <option value="0">Direct only</option>
            <option value="1">Up to 1 stop</option>
            <option value="2">Up to 2 stops</option>
            <option value="3">Up to 3 stops</option>
          </select>
        </Field>
        <Field label="Passengers">
          <input
            type="number"
            name="passengers"
            min={1}
            max={9}
            value={form.passengers}
            onInput={(e) => set('passengers')(e.currentTarget.value)}
          />
        </Field>
        <Field label="Sort by">
          <select
            name="sort"
            value={form.sort}
            onChange={(e) => {
              const next = { ...form, sort: e.currentTarget.value };
              setForm(next);
              if (isComplete(next)) {
                show(next);
              }
            }}
          >
            {sorts.map((sort) => (
              <option value={sort}>{sort}</option>
            ))}
          </select>
        </Field>
        <button type="submit" class="primary">
          Search
        </button>
      </form>
      {results.state === 'failed' ? <ErrorNotice error={results.error} /> : null}
      {results.state === 'loading' ? <Loading label="Searching…" /> : null}
      {page ? (
        <div class="results" aria-live="polite">
          <p class="muted" id="results-summary">
            {page.results.length === 0
              ? 'No flights found for this search.'
              : `Page ${cursors.length + 1}: ${page.results.length} result${page.results.length === 1 ? '' : 's'} (region ${page.region})`}
          </p>
          {page.results.map((offer) => (
            <OfferCard key={`${offer.flightId}|${offer.cabin}`} offer={offer} onOrder={order} onHistory={history} />
          ))}
          <nav class="pager" aria-label="result pages">
            <button
              type="button"
              disabled={cursors.length === 0}
              onClick={() => {
                const previous = cursors.slice(0, -1);
                setCursors(previous);
                void search(form, previous[previous.length - 1]);
              }}
            >
              Previous page
            </button>
            <button
              type="button"
              disabled={!page.nextCursor}
              onClick={() => {
                if (page.nextCursor) {
                  setCursors([...cursors, page.nextCursor]);
                  void search(form, page.nextCursor);
                }
              }}
            >
              Next page
            </button>
          </nav>
        </div>
      ) : null}
    </section>
  );
}
