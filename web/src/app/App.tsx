import { useCallback, useEffect, useState } from 'react';
import { AuthCallback } from '../auth/AuthCallback';
import { callbackPath } from '../auth/oidc';
import { SignIn } from '../auth/SignIn';
import { useAuth } from '../auth/session';
import { SubscriptionPage } from '../billing/SubscriptionPage';
import { ChatPage, sessionDrawerId } from '../chat/ChatPage';
import { chatPath, followLink, navigate, useLocation } from './router';
import { TopBar } from './TopBar';
import { useFocusAfterSignIn } from './useFocusAfterSignIn';

/** Where Stripe sends a buyer back after a credit top-up (billing's fixed return path). */
const creditsReturnPath = '/profile/credits';

export function App() {
  const auth = useAuth();
  const location = useLocation();
  const [drawerOpen, setDrawerOpen] = useState(false);
  const closeDrawer = useCallback(() => setDrawerOpen(false), []);
  useFocusAfterSignIn(!!auth);

  useEffect(() => {
    if (location.pathname === '/') navigate(chatPath(), { replace: true });
  }, [location.pathname]);

  // The provider's redirect lands here signed out (or as someone else): the callback decides who is signed in.
  if (location.pathname === callbackPath) return <AuthCallback />;
  if (!auth) return <SignIn />;

  const isChat = location.pathname === '/copilot' || location.pathname === '/';
  const page =
    location.pathname === '/subscription' || location.pathname === creditsReturnPath ? (
      <SubscriptionPage />
    ) : isChat ? (
      <ChatPage sessionId={location.searchParams.get('sessionId')} drawerOpen={drawerOpen} onCloseDrawer={closeDrawer} />
    ) : (
      <main id="main-content" className="not-found">
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
      <TopBar
        auth={auth}
        pathname={location.pathname}
        drawer={isChat ? { id: sessionDrawerId, open: drawerOpen, toggle: () => setDrawerOpen((open) => !open) } : undefined}
      />
      {page}
    </div>
  );
}
