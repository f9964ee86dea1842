import { useState, type FormEvent } from 'react';
import { signInForDevelopment } from './session';

export function DevelopmentSignIn() {
  const [userId, setUserId] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signInForDevelopment(userId.trim());
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="sign-in">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Copilot</h1>
        <p>Sign in with any user name (development sign-in).</p>
        <label htmlFor="user-id">User name</label>
        <input
          id="user-id"
          name="user-id"
          autoComplete="username"
          value={userId}
          onChange={(event) => setUserId(event.target.value)}
          required
          maxLength={100}
          autoFocus
        />
        <button type="submit" disabled={busy || !userId.trim()}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
      </form>
    </main>
  );
}
