import { useEffect } from 'preact/hooks';

import type { ApiClient } from '../api/client';
import { describeFailure } from '../api/describe-error';
import type { Offer, Order } from '../api/types';
import { ErrorNotice } from '../components/error-notice';
import { formatAmount } from '../format/money';
import { useInterval, useLoader } from '../hooks';
import { OrderActions } from './order-actions';
import { HoldTimer, StatusBadge } from './order-summary';

export const ORDERS_REFRESH_MS = 3_000;

/** The key's orders, newest first, refreshed every few seconds, each with what can be done to it. */
export function OrdersList(props: { api: ApiClient; offers: Offer[]; refreshToken: number; onChanged: () => void }) {
  const [orders, load] = useLoader(() => props.api.get<{ orders: Order[] }>('/api/order/v1/orders', { limit: 50 }));
  useInterval(() => void load(), ORDERS_REFRESH_MS);
  // A new order placed beside the list refreshes it at once, not at the next tick.
  useEffect(() => void load(), [props.refreshToken]);
  const list =
    orders.state === 'done' ? orders.data.orders : orders.state === 'loading' ? orders.previous?.orders : undefined;
  const refresh = () => {
    void load();
    props.onChanged();
  };
  return (
    <section aria-labelledby="orders-title" class="panel" data-refresh={props.refreshToken}>
      <h2 id="orders-title">Orders of this key</h2>
      <p class="muted">Refreshes every {ORDERS_REFRESH_MS / 1000} s.</p>
      {orders.state === 'failed' ? <ErrorNotice error={orders.error} /> : null}
      {list && list.length === 0 ? <p class="muted">No orders yet.</p> : null}
      {list && list.length > 0 ? (
        <div class="table-scroll">
          <table class="orders">
            <caption class="visually-hidden">Orders, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Order</th>
                <th scope="col">Status</th>
                <th scope="col">Total</th>
                <th scope="col">Flights</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {list.map((order) => (
                <tr key={order.orderId} data-order-id={order.orderId} data-status={order.status}>
                  <td>
                    <code>{order.orderId.slice(0, 8)}</code>
                    <div class="muted">{order.type}</div>
                  </td>
                  <td>
                    <StatusBadge status={order.status} />
                    {order.status === 'held' && order.paymentRequiredBy ? (
                      <div>
                        <HoldTimer deadline={order.paymentRequiredBy} />
                      </div>
                    ) : null}
                    {order.failure ? <div class="muted">{describeFailure(order.failure).title}</div> : null}
                  </td>
                  <td>{formatAmount(order.totalAmount, order.currency)}</td>
                  <td>
                    <ul class="plain">
                      {order.items.map((item) => (
                        <li class={`item-${item.state}`}>
                          {item.flightId} × {item.seats} <span class="muted">{item.state}</span>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    <OrderActions api={props.api} order={order} offers={props.offers} onDone={refresh} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
