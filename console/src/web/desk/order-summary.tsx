import type { Order } from '../api/types';
import { formatAmount } from '../format/money';
import { formatTimeLeft } from '../format/time';
import { useNow } from '../hooks';

export function StatusBadge({ status }: { status: Order['status'] }) {
  return <span class={`status status-${status}`}>{status}</span>;
}

/** A hold's time left to pay, ticking every second. */
export function HoldTimer({ deadline }: { deadline: string }) {
  const now = useNow();
  const left = formatTimeLeft(deadline, now);
  return (
    <span class="hold-timer" role="timer" aria-label={`time left to pay: ${left}`}>
      {left === 'expired' ? 'hold expired' : `${left} left to pay`}
    </span>
  );
}

export function OrderSummary({ order }: { order: Order }) {
  return (
    <div class="order-summary" data-order-id={order.orderId} data-status={order.status}>
      <p>
        Order <code>{order.orderId.slice(0, 8)}</code> <StatusBadge status={order.status} />{' '}
        {formatAmount(order.totalAmount, order.currency)}
        {order.status === 'held' && order.paymentRequiredBy ? (
          <>
            {' · '}
            <HoldTimer deadline={order.paymentRequiredBy} />
          </>
        ) : null}
      </p>
    </div>
  );
}
