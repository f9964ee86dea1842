import { useEffect, useRef, useState } from 'react';
import type { SessionSummary } from '../api/types';
import { DeleteChatDialog } from './DeleteChatDialog';
import { SessionItem } from './SessionItem';
import { displayTitle, groupSessions } from './sessionGroups';
import './sessions.css';

interface Props {
  sessions: SessionSummary[];
  activeId: string | null;
  error: string | null;
  onNewChat: () => void;
  creating: boolean;
  onRename: (sessionId: string, title: string) => Promise<void>;
  /** Deletes on the server; the list leaves the chat when it was open. */
  onDelete: (sessionId: string) => Promise<void>;
}

/** The chats, newest first in date groups, with a title search and per-chat rename and delete. */
export function SessionList({ sessions, activeId, error, onNewChat, creating, onRename, onDelete }: Props) {
  const [query, setQuery] = useState('');
  const [deleting, setDeleting] = useState<SessionSummary | null>(null);
  const search = useRef<HTMLInputElement>(null);
  const opener = useRef<HTMLElement | null>(null);
  const groups = groupSessions(sessions, query);

  // Once the dialog is gone, focus goes back to its delete button, or to the search box when that chat went with it.
  useEffect(() => {
    if (deleting || !opener.current) return;
    const back = opener.current.isConnected ? opener.current : search.current;
    opener.current = null;
    back?.focus();
  }, [deleting]);

  function askToDelete(session: SessionSummary) {
    opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    setDeleting(session);
  }

  return (
    <>
      <button type="button" className="new-chat" onClick={onNewChat} disabled={creating}>
        + New chat
      </button>
      <div className="session-search">
        <label htmlFor="session-search" className="visually-hidden">
          Search chats
        </label>
        <input
          id="session-search"
          ref={search}
          type="search"
          placeholder="Search chats"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
      </div>
      {error && <p className="error">Conversations could not be loaded.</p>}
      {groups.map((group, index) => (
        <section key={group.label} className="session-group" aria-labelledby={`session-group-${index}`}>
          <h2 id={`session-group-${index}`} className="session-group-label">
            {group.label}
          </h2>
          <ul>
            {group.sessions.map((session) => (
              <SessionItem
                key={session.id}
                session={session}
                active={session.id === activeId}
                onRename={(title) => onRename(session.id, title)}
                onDelete={() => askToDelete(session)}
              />
            ))}
          </ul>
        </section>
      ))}
      {query.trim() && groups.length === 0 && (
        <p className="empty" role="status">
          No chats match “{query.trim()}”.
        </p>
      )}
      {deleting && (
        <DeleteChatDialog
          title={displayTitle(deleting)}
          onClose={() => setDeleting(null)}
          onConfirm={async () => {
            await onDelete(deleting.id);
            setDeleting(null);
          }}
        />
      )}
    </>
  );
}
