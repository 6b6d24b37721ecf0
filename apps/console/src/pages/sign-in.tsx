import { useState } from 'preact/hooks';
import { checkFinanceKey } from '../api';
import { rememberKey } from '../session';

/** The key is checked against a finance-scoped read before it is kept for this tab. */
export function SignIn({ notice, onSignedIn }: { notice: string | null; onSignedIn: () => void }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const refusal = await checkFinanceKey(key.trim());
    setBusy(false);
    if (refusal !== null) return setError(refusal);
    rememberKey(key.trim());
    onSignedIn();
  }

  return (
    <main id="main" class="sign-in">
      <h1>kassa-ledger finance console</h1>
      {notice && <p role="status" class="notice">{notice}</p>}
      <form onSubmit={submit} class="card">
        <label for="finance-key">Finance API key</label>
        <input id="finance-key" name="finance-key" type="password" autoComplete="off" required value={key}
          aria-describedby="key-help" aria-invalid={error !== null} onInput={(event) => setKey(event.currentTarget.value)} />
        <p id="key-help" class="muted">Kept in this browser tab only (session storage) and sent as the Bearer header.</p>
        {error && <p role="alert" class="error">{error}</p>}
        <button type="submit" disabled={busy || key.trim() === ''}>{busy ? 'Checking…' : 'Sign in'}</button>
      </form>
    </main>
  );
}
