import { useState } from 'preact/hooks';

/** Sign-in: paste an API key; it stays in this tab only (sessionStorage), and goes only to this origin. */
export function SignIn(props: { onSignIn: (apiKey: string) => void }) {
  const [key, setKey] = useState('');
  return (
    <main id="main" class="sign-in">
      <h1>Fareflow console</h1>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (key.trim()) {
            props.onSignIn(key.trim());
          }
        }}
      >
        <label class="field">
          <span class="field-label">API key</span>
          <input
            name="apiKey"
            type="password"
            autoComplete="off"
            required
            value={key}
            placeholder="ff_…"
            onInput={(e) => setKey(e.currentTarget.value)}
          />
          <span class="field-hint">
            Create one with{' '}
            <code>npx fareflow keys create --name me --scopes availability:read,orders:write,orders:read</code>. It is
            kept for this tab only.
          </span>
        </label>
        <button type="submit" class="primary">
          Sign in
        </button>
      </form>
    </main>
  );
}
