import { useState } from 'preact/hooks';

import type { ApiClient } from '../api/client';
import type { ErrorDescription } from '../api/describe-error';
import type { Offer, Order } from '../api/types';
import { ErrorNotice } from '../components/error-notice';
import { describeThrown } from '../hooks';

/** `AA100-2026-12-01-JFK-LAX` -> `JFK-LAX`; a change keeps the city pair. */
export const cityPairOf = (flightId: string) => flightId.split('-').slice(-2).join('-');
const offerCityPair = (offer: Offer) =>
  `${offer.legs[0]?.origin ?? ''}-${offer.legs[offer.legs.length - 1]?.destination ?? ''}`;

const canPay = (order: Order) => order.status === 'held';
const canCancel = (order: Order) => ['held', 'confirmed', 'oversold'].includes(order.status);
const canChange = (order: Order) => ['held', 'confirmed', 'oversold'].includes(order.status);

/** Pay, cancel or change one order; the outcome (or the error, in words) is shown beside it. */
export function OrderActions(props: { api: ApiClient; order: Order; offers: Offer[]; onDone: () => void }) {
  const { order } = props;
  const [error, setError] = useState<ErrorDescription | undefined>();
  const [isBusy, setBusy] = useState(false);
  const reserved = order.items.filter((item) => item.state === 'reserved' || item.state === 'pending');
  const [itemNo, setItemNo] = useState(reserved[0]?.itemNo ?? 0);
  const item = reserved.find((candidate) => candidate.itemNo === itemNo);
  const targets = props.offers.filter((offer) => item && offerCityPair(offer) === cityPairOf(item.flightId));
  const [offerId, setOfferId] = useState('');

  const run = async (command: string, body: unknown) => {
    setBusy(true);
    setError(undefined);
    try {
      await props.api.post(`/api/order/v1/orders/${order.orderId}/${command}`, body);
      props.onDone();
    } catch (thrown) {
      setError(describeThrown(thrown));
    } finally {
      setBusy(false);
    }
  };
  const label = `order ${order.orderId.slice(0, 8)}`;
  return (
    <div class="order-actions">
      {canPay(order) ? (
        <button
          type="button"
          class="primary"
          disabled={isBusy}
          aria-label={`Pay ${label}`}
          onClick={() => run('pay', { paymentToken: 'tok_visa' })}
        >
          Pay
        </button>
      ) : null}
      {canCancel(order) ? (
        <button type="button" disabled={isBusy} aria-label={`Cancel ${label}`} onClick={() => run('cancel', {})}>
          Cancel
        </button>
      ) : null}
      {canChange(order) && reserved.length > 0 ? (
        <details class="change">
          <summary>Change a flight</summary>
          <label class="field">
            <span class="field-label">Item</span>
            <select value={itemNo} onChange={(e) => setItemNo(Number(e.currentTarget.value))}>
              {reserved.map((candidate) => (
                <option value={candidate.itemNo}>
                  {candidate.itemNo}: {candidate.flightId}
                </option>
              ))}
            </select>
          </label>
          <label class="field">
            <span class="field-label">New flight (from the basket)</span>
            <select value={offerId} onChange={(e) => setOfferId(e.currentTarget.value)}>
              <option value="">
                {targets.length === 0 ? 'none of the same city pair: search and add one' : 'choose…'}
              </option>
              {targets.map((offer) => (
                <option value={offer.offerId}>
                  {offer.flightId} · {offer.price.amount} {offer.price.currency}
                </option>
              ))}
            </select>
          </label>
          <button type="button" disabled={isBusy || !offerId} onClick={() => run('change', { itemNo, offerId })}>
            Change
          </button>
        </details>
      ) : null}
      {error ? <ErrorNotice error={error} /> : null}
    </div>
  );
}
