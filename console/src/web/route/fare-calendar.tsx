import type { CheapestDay } from '../api/types';
import { monthGrid } from './month-grid';

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

/** A month of cheapest fares by departure day (`/v1/dates`); the cheapest day is marked, a day picks the date. */
export function FareCalendar(props: {
  month: string;
  days: CheapestDay[];
  selected: string;
  onPick: (day: string) => void;
}) {
  const byDay = new Map(props.days.map((day) => [day.date, day]));
  const cheapest = props.days.reduce<CheapestDay | undefined>(
    (best, day) => (best === undefined || Number(day.price.amount) < Number(best.price.amount) ? day : best),
    undefined,
  );
  return (
    <table class="calendar" id="fare-calendar">
      <caption class="visually-hidden">Cheapest fare per departure day, {props.month}</caption>
      <thead>
        <tr>
          {WEEKDAYS.map((day) => (
            <th scope="col" abbr={day}>
              {day}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {monthGrid(props.month).map((week) => (
          <tr>
            {week.map((day) => {
              if (day === null) {
                return <td />;
              }
              const fare = byDay.get(day);
              const classes = [
                'day',
                fare ? 'has-fare' : 'no-fare',
                day === props.selected ? 'selected' : '',
                fare && fare === cheapest ? 'cheapest' : '',
              ];
              return (
                <td>
                  <button
                    type="button"
                    class={classes.join(' ').trim()}
                    data-date={day}
                    aria-pressed={day === props.selected}
                    aria-label={`${day}: ${fare ? `from ${fare.price.amount} ${fare.price.currency}` : 'no fare'}`}
                    onClick={() => props.onPick(day)}
                  >
                    <span class="day-number">{Number(day.slice(8))}</span>
                    <span class="day-price">{fare ? fare.price.amount : '—'}</span>
                  </button>
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
