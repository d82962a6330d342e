import { useState } from 'preact/hooks';

import type { ApiClient } from '../api/client';
import type { Basket } from '../basket';
import { OrderBuilder } from '../desk/order-builder';
import { OrdersList } from '../desk/orders-list';

/** Agent desk: build an order from offers, then pay, cancel or change the key's orders. */
export function DeskPage(props: { api: ApiClient; basket: Basket }) {
  const [refreshToken, setRefreshToken] = useState(0);
  return (
    <section aria-labelledby="desk-title">
      <h1 id="desk-title">Agent desk</h1>
      <div class="desk">
        <OrderBuilder api={props.api} basket={props.basket} onPlaced={() => setRefreshToken((n) => n + 1)} />
        <OrdersList
          api={props.api}
          offers={props.basket.offers}
          refreshToken={refreshToken}
          onChanged={() => undefined}
        />
      </div>
    </section>
  );
}
