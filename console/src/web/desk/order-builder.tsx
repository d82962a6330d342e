import { useState } from 'preact/hooks';

import type { ApiClient } from '../api/client';
import { describeFailure } from '../api/describe-error';
import type { Order, Passenger } from '../api/types';
import type { Basket } from '../basket';
import { ErrorNotice, Loading } from '../components/error-notice';
import { Field } from '../components/fields';
import { formatMoney } from '../format/money';
import { formatClock } from '../format/time';
import { useLoader } from '../hooks';
import { hrefOf } from '../routing';
import { OrderSummary } from './order-summary';
import { PassengersEditor } from './passengers-editor';

/** How long the order API may take before answering (`Prefer: wait`); a slower order shows up in the list. */
const WAIT_SECONDS = 10;

interface Draft {
  type: 'instant' | 'hold';
  email: string;
  paymentToken: string;
  passengers: Passenger[];
}

/** Builds an order from the basket's offers: several flights, several passengers, instant or hold. */
export function OrderBuilder(props: { api: ApiClient; basket: Basket; onPlaced: () => void }) {
  const [draft, setDraft] = useState<Draft>({
    type: 'instant',
    email: '',
    paymentToken: 'tok_visa',
    passengers: [{ type: 'ADT', givenName: '', familyName: '' }],
  });
  // One key per attempt: a retry after a network error sends the same key, so the order is placed once.
  const [idempotencyKey, setIdempotencyKey] = useState(() => `console-${crypto.randomUUID()}`);
  const [placed, place] = useLoader(async (request: Draft) => {
    const order = await props.api.post<Order>(
      '/api/order/v1/orders',
      {
        type: request.type,
        items: props.basket.offers.map((offer) => ({ offerId: offer.offerId, passengers: request.passengers })),
        contact: { email: request.email },
        ...(request.type === 'instant' ? { paymentToken: request.paymentToken } : {}),
      },
      { 'idempotency-key': idempotencyKey, prefer: `wait=${WAIT_SECONDS}` },
    );
    setIdempotencyKey(`console-${crypto.randomUUID()}`);
    if (order.status !== 'failed') {
      props.basket.clear();
    }
    props.onPlaced();
    return order;
  });

  const { offers } = props.basket;
  return (
    <section aria-labelledby="builder-title" class="panel">
      <h2 id="builder-title">New order</h2>
      {offers.length === 0 ? (
        <p class="muted">
          No flights yet: <a href={hrefOf('search')}>search</a> and choose “Add to order”.
        </p>
      ) : (
        <ul class="basket" aria-label="flights in this order">
          {offers.map((offer) => (
            <li data-flight-id={offer.flightId}>
              <span>
                <strong>{offer.flightId}</strong> · {offer.cabin.toLowerCase()} · {formatClock(offer.departureLocal)} ·{' '}
                {formatMoney(offer.price)} per passenger
              </span>
              <button
                type="button"
                aria-label={`Remove ${offer.flightId}`}
                onClick={() => props.basket.remove(offer.offerId)}
              >
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form
        class="order-form"
        onSubmit={(event) => {
          event.preventDefault();
          void place(draft);
        }}
      >
        <PassengersEditor passengers={draft.passengers} onChange={(passengers) => setDraft({ ...draft, passengers })} />
        <fieldset class="inline">
          <legend>Payment</legend>
          <label>
            <input
              type="radio"
              name="order-type"
              value="instant"
              checked={draft.type === 'instant'}
              onChange={() => setDraft({ ...draft, type: 'instant' })}
            />{' '}
            Pay now
          </label>
          <label>
            <input
              type="radio"
              name="order-type"
              value="hold"
              checked={draft.type === 'hold'}
              onChange={() => setDraft({ ...draft, type: 'hold' })}
            />{' '}
            Hold (pay later)
          </label>
        </fieldset>
        <Field label="Contact e-mail">
          <input
            type="email"
            name="email"
            required
            value={draft.email}
            onInput={(e) => setDraft({ ...draft, email: e.currentTarget.value })}
          />
        </Field>
        {draft.type === 'instant' ? (
          <Field label="Payment token" hint="tok_visa: the simulated gateway's test card">
            <input
              name="paymentToken"
              required
              value={draft.paymentToken}
              onInput={(e) => setDraft({ ...draft, paymentToken: e.currentTarget.value })}
            />
          </Field>
        ) : null}
        <button type="submit" class="primary" disabled={offers.length === 0 || placed.state === 'loading'}>
          {draft.type === 'hold' ? 'Place hold' : 'Place order'}
        </button>
      </form>
      {placed.state === 'loading' ? <Loading label="Placing the order…" /> : null}
      {placed.state === 'failed' ? <ErrorNotice error={placed.error} /> : null}
      {placed.state === 'done' ? (
        <div class="placed" aria-live="polite" id="placed-order">
          {placed.data.failure ? <ErrorNotice error={describeFailure(placed.data.failure)} /> : null}
          <OrderSummary order={placed.data} />
        </div>
      ) : null}
    </section>
  );
}
