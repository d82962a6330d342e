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
