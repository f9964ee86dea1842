import { useEffect, useState } from 'react';
import { followLink, navigate } from '../app/router';
import { completeOidcSignIn } from './oidc';

/** Where the OIDC provider sends the browser back: finishes the sign-in, then opens the chat. */
export function AuthCallback() {
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    completeOidcSignIn(new URLSearchParams(window.location.search)).then(
      () => navigate('/', { replace: true }),
      (failure: unknown) => setError(failure instanceof Error ? failure.message : String(failure)),
    );
  }, []);

  return (
    <main className="sign-in">
      <section className="card" aria-labelledby="callback-title">
        <h1 id="callback-title">{error ? 'Sign-in failed' : 'Signing in…'}</h1>
        {error ? (
          <>
            <p role="alert" className="error">
              {error}
            </p>
            <a href="/" onClick={followLink}>
              Back to sign-in
            </a>
          </>
        ) : (
          <p role="status">Finishing sign-in…</p>
        )}
      </section>
    </main>
  );
}
