import type { ErrorDescription } from '../api/describe-error';

/** An error in words, announced to screen readers (role=alert), with the API's own message as detail. */
export function ErrorNotice({ error }: { error: ErrorDescription }) {
  return (
    <div class="notice notice-error" role="alert" data-error-code={error.code}>
      <strong>{error.title}</strong>
      <span class="detail">{error.detail}</span>
    </div>
  );
}

export function Loading({ label }: { label: string }) {
  return (
    <p class="loading" role="status" aria-live="polite">
      {label}
    </p>
  );
}
