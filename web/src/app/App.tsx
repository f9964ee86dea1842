import { useEffect } from 'react';
import { AuthCallback } from '../auth/AuthCallback';
import { callbackPath } from '../auth/oidc';
import { SignIn } from '../auth/SignIn';
import { signOut, useAuth } from '../auth/session';
import { SubscriptionPage } from '../billing/SubscriptionPage';
import { ChatPage } from '../chat/ChatPage';
import { chatPath, followLink, navigate, useLocation } from './router';

export function App() {
  const auth = useAuth();
  const location = useLocation();

  useEffect(() => {
    if (location.pathname === '/') navigate(chatPath(), { replace: true });
  }, [location.pathname]);

  // The provider's redirect lands here signed out (or as someone else): the callback decides who is signed in.
  if (location.pathname === callbackPath) return <AuthCallback />;
  if (!auth) return <SignIn />;

  const page =
    location.pathname === '/subscription' ? (
      <SubscriptionPage />
    ) : location.pathname === '/copilot' || location.pathname === '/' ? (
      <ChatPage sessionId={location.searchParams.get('sessionId')} />
    ) : (
      <main className="not-found">
        <h1>Page not found</h1>
        <a href={chatPath()} onClick={followLink}>
          Back to the chat
        </a>
      </main>
    );

  return (
    <div className="app">
      <a className="skip-link" href="#main-content">
        Skip to content
      </a>
      <header className="top-bar">
        <span className="brand">Copilot</span>
        <nav aria-label="Main">
          <a href={chatPath()} onClick={followLink} aria-current={location.pathname === '/copilot' ? 'page' : undefined}>
            Chat
          </a>
          <a href="/subscription" onClick={followLink} aria-current={location.pathname === '/subscription' ? 'page' : undefined}>
            Subscription
          </a>
        </nav>
        <span className="user" data-testid="signed-in-user">
          {auth.userId}
        </span>
        <button type="button" className="link-button" onClick={signOut}>
          Sign out
        </button>
      </header>
      {page}
    </div>
  );
}
