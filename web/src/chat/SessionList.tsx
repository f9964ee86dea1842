import { chatPath, followLink } from '../app/router';
import type { SessionSummary } from '../api/types';

interface Props {
  sessions: SessionSummary[];
  activeId: string | null;
  error: string | null;
  onNewChat: () => void;
  creating: boolean;
}

export function SessionList({ sessions, activeId, error, onNewChat, creating }: Props) {
  return (
    <nav className="session-list" aria-label="Conversations">
      <button type="button" className="new-chat" onClick={onNewChat} disabled={creating}>
        + New chat
      </button>
      {error && <p className="error">Conversations could not be loaded.</p>}
      <ul>
        {sessions.map((session) => (
          <li key={session.id}>
            <a
              href={chatPath(session.id)}
              onClick={followLink}
              aria-current={session.id === activeId ? 'page' : undefined}
              data-testid="session-link"
              data-processing={session.is_processing}
            >
              <span className="session-title">{session.title?.trim() || 'New chat'}</span>
              {session.is_processing && (
                <span className="processing" role="img" aria-label="Answer in progress" title="Answer in progress" />
              )}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
