import type { AuthSession } from '../auth/session';
import { signOut } from '../auth/session';
import { chatPath, followLink } from './router';
import './layout.css';

interface Props {
  auth: AuthSession;
  pathname: string;
  /** The chat list's drawer on phones; absent on pages without a chat list. */
  drawer?: { id: string; open: boolean; toggle: () => void };
}

const MenuIcon = () => (
  <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
    <path d="M3 5h14M3 10h14M3 15h14" />
  </svg>
);

/** One line on every screen: the menu button (phones, chat page), the brand, the pages, who is signed in. */
export function TopBar({ auth, pathname, drawer }: Props) {
  return (
    <header className="top-bar">
      {drawer && (
        <button
          type="button"
          className="icon-button menu-button"
          aria-label="Chats"
          aria-expanded={drawer.open}
          aria-controls={drawer.id}
          onClick={drawer.toggle}
        >
          <MenuIcon />
        </button>
      )}
      <span className="brand">Copilot</span>
      <nav aria-label="Main">
        <a href={chatPath()} onClick={followLink} aria-current={pathname === '/copilot' ? 'page' : undefined}>
          Chat
        </a>
        <a href="/subscription" onClick={followLink} aria-current={pathname === '/subscription' ? 'page' : undefined}>
          Subscription
        </a>
      </nav>
      <span className="user" data-testid="signed-in-user" title={auth.userId}>
        {auth.userId}
      </span>
      <button type="button" className="link-button" onClick={signOut}>
        Sign out
      </button>
    </header>
  );
}
