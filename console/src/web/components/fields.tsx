import type { ComponentChildren } from 'preact';

import { cabins } from '../api/types';

interface FieldProps {
  label: string;
  children: ComponentChildren;
  hint?: string;
}

/** A label around its control: clicking the label focuses it, and screen readers read them together. */
export function Field({ label, children, hint }: FieldProps) {
  return (
    <label class="field">
      <span class="field-label">{label}</span>
      {children}
      {hint ? <span class="field-hint">{hint}</span> : null}
    </label>
  );
}

export function AirportInput(props: { label: string; name: string; value: string; onInput: (value: string) => void }) {
  return (
    <Field label={props.label}>
      <input
        name={props.name}
        value={props.value}
        required
        pattern="[A-Za-z]{3}"
        maxLength={3}
        autoComplete="off"
        class="airport"
        onInput={(event) => props.onInput(event.currentTarget.value.toUpperCase())}
      />
    </Field>
  );
}

export function CabinSelect(props: { value: string; onChange: (value: string) => void; allowAny?: boolean }) {
  return (
    <Field label="Cabin">
      <select name="cabin" value={props.value} onChange={(event) => props.onChange(event.currentTarget.value)}>
        {props.allowAny !== false ? <option value="">Any cabin</option> : null}
        {cabins.map((cabin) => (
          <option value={cabin}>{cabin.replace('_', ' ').toLowerCase()}</option>
        ))}
      </select>
    </Field>
  );
}

/** The fields every route form starts with: origin, destination, departure day and cabin. */
export function RouteDayFields(props: {
  form: { origin: string; destination: string; date: string; cabin: string };
  set: (field: 'origin' | 'destination' | 'date' | 'cabin') => (value: string) => void;
  dateLabel: string;
}) {
  const { form, set } = props;
  return (
    <>
      <AirportInput label="From" name="origin" value={form.origin} onInput={set('origin')} />
      <AirportInput label="To" name="destination" value={form.destination} onInput={set('destination')} />
      <Field label={props.dateLabel}>
        <input
          type="date"
          name="date"
          required
          value={form.date}
          onInput={(event) => set('date')(event.currentTarget.value)}
        />
      </Field>
      <CabinSelect value={form.cabin} onChange={set('cabin')} />
    </>
  );
}
