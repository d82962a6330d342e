import type { Passenger } from '../api/types';

const passengerTypes: Array<{ value: Passenger['type']; label: string }> = [
  { value: 'ADT', label: 'Adult' },
  { value: 'CHD', label: 'Child' },
  { value: 'INF', label: 'Infant' },
];

/** The travellers of the order (every flight of the order carries all of them). */
export function PassengersEditor(props: { passengers: Passenger[]; onChange: (passengers: Passenger[]) => void }) {
  const update = (index: number, change: Partial<Passenger>) =>
    props.onChange(props.passengers.map((passenger, i) => (i === index ? { ...passenger, ...change } : passenger)));
  return (
    <fieldset class="passengers">
      <legend>Passengers</legend>
      {props.passengers.map((passenger, index) => (
        <div class="passenger-row" role="group" aria-label={`Passenger ${index + 1}`}>
          <label class="field">
            <span class="field-label">Type</span>
            <select
              name={`passenger-${index}-type`}
              value={passenger.type}
              onChange={(e) => update(index, { type: e.currentTarget.value as Passenger['type'] })}
            >
              {passengerTypes.map((type) => (
                <option value={type.value}>{type.label}</option>
              ))}
            </select>
          </label>
          <label class="field">
            <span class="field-label">Given name</span>
            <input
              name={`passenger-${index}-given`}
              required
              value={passenger.givenName}
              onInput={(e) => update(index, { givenName: e.currentTarget.value })}
            />
          </label>
          <label class="field">
            <span class="field-label">Family name</span>
            <input
              name={`passenger-${index}-family`}
              required
              value={passenger.familyName}
              onInput={(e) => update(index, { familyName: e.currentTarget.value })}
            />
          </label>
          <button
            type="button"
            disabled={props.passengers.length === 1}
            aria-label={`Remove passenger ${index + 1}`}
            onClick={() => props.onChange(props.passengers.filter((_, i) => i !== index))}
          >
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        disabled={props.passengers.length >= 9}
        onClick={() => props.onChange([...props.passengers, { type: 'ADT', givenName: '', familyName: '' }])}
      >
        Add passenger
      </button>
    </fieldset>
  );
}
