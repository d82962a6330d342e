import type { Offer } from '../api/types';
import { formatMoney } from '../format/money';
import { dayShift, formatClock, formatDuration } from '../format/time';

function Times({ departure, arrival }: { departure: string; arrival: string }) {
  const shift = dayShift(departure, arrival);
  return (
    <span class="times">
      <time dateTime={departure}>{formatClock(departure)}</time>
      {' → '}
      <time dateTime={arrival}>{formatClock(arrival)}</time>
      {shift !== 0 ? (
        <span class="day-shift" title="arrives on another day">{` ${shift > 0 ? '+' : ''}${shift} day`}</span>
      ) : null}
    </span>
  );
}

const stopsLabel = (stops: number) => (stops === 0 ? 'direct' : stops === 1 ? '1 stop' : `${stops} stops`);

/** One search result: its legs in the airports' own clocks, its price and seats, and what to do with it. */
export function OfferCard(props: { offer: Offer; onOrder: (offer: Offer) => void; onHistory: (offer: Offer) => void }) {
  const { offer } = props;
  const route = `${offer.legs[0]?.origin ?? ''} → ${offer.legs[offer.legs.length - 1]?.destination ?? ''}`;
  return (
    <article class="offer" data-flight-id={offer.flightId} aria-label={`${route}, ${formatMoney(offer.price)}`}>
      <div class="offer-head">
        <div>
          <Times departure={offer.departureLocal} arrival={offer.arrivalLocal} />
          <div class="muted">
            {formatDuration(offer.durationMinutes)} · {stopsLabel(offer.stops)} · {offer.cabin.toLowerCase()}
          </div>
        </div>
        <div class="offer-price">
          <strong class="price">{formatMoney(offer.price)}</strong>
          <span class="muted">per passenger</span>
          {offer.passengers > 1 ? (
            <span class="muted">
              {formatMoney(offer.totalPrice)} for {offer.passengers}
            </span>
          ) : null}
          <span class={offer.seatsAvailable <= 3 ? 'seats seats-low' : 'seats'}>{offer.seatsAvailable} seats left</span>
        </div>
      </div>
      <ol class="legs" aria-label="legs">
        {offer.legs.map((leg) => (
          <li>
            <span class="flight-number">
              {leg.carrier}
              {leg.flightNumber}
            </span>{' '}
            {leg.origin} → {leg.destination} <Times departure={leg.departureLocal} arrival={leg.arrivalLocal} />
          </li>
        ))}
      </ol>
      <div class="actions">
        <button type="button" class="primary" onClick={() => props.onOrder(offer)}>
          Add to order
        </button>
        <button type="button" onClick={() => props.onHistory(offer)}>
          Price history
        </button>
      </div>
    </article>
  );
}
