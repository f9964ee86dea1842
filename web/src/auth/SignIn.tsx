import { useEffect, useState, type FormEvent } from 'react';
import type { AuthConfig } from '../api/types';
import { useDocumentTitle } from '../app/useDocumentTitle';
import { DevelopmentSignIn } from './DevelopmentSignIn';
import { loadAuthConfig, startOidcSignIn } from './oidc';

const errorText = (failure: unknown) => (failure instanceof Error ? failure.message : String(failure));

/** The sign-in page in the mode the server names: its OIDC provider, the development token form, or neither. */
export function SignIn() {
  const [config, setConfig] = useState<AuthConfig | null>(null);
  const [error, setError] = useState<string | null>(null);
  useDocumentTitle('Sign in');

  useEffect(() => {
    loadAuthConfig().then(setConfig, (failure: unknown) => setError(errorText(failure)));
  }, []);

  if (config?.mode === 'development') return <DevelopmentSignIn />;
  if (config?.mode === 'oidc') return <OidcSignIn config={config} />;

  return (
    <main className="sign-in">
      <section className="card" aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Copilot</h1>
        {config?.mode === 'none' ? (
          <p role="alert">Sign-in is not configured on this server.</p>
        ) : error ? (
          <p role="alert" className="error">
            {error}
          </p>
        ) : (
          <p role="status">Loading…</p>
        )}
      </section>
    </main>
  );
}

function OidcSignIn({ config }: { config: AuthConfig }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await startOidcSignIn(config);
    } catch (failure) {
      setError(errorText(failure));
      setBusy(false);
    }
  }

  // busy stays on while the browser leaves for the provider.
  return (
    <main className="sign-in">
      <form onSubmit={submit} aria-labelledby="sign-in-title">
        <h1 id="sign-in-title">Copilot</h1>
        <p>Sign in with your organisation's account.</p>
        <button type="submit" disabled={busy} autoFocus>
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
