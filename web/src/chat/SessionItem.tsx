import { useRef, useState, type KeyboardEvent } from 'react';
import type { SessionSummary } from '../api/types';
import { chatPath, followLink } from '../app/router';
import { displayTitle } from './sessionGroups';

interface Props {
  session: SessionSummary;
  active: boolean;
  onRename: (title: string) => Promise<void>;
  onDelete: () => void;
}

const PencilIcon = () => (
  <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
    <path d="M13.6 3.3a1.5 1.5 0 0 1 2.1 0l1 1a1.5 1.5 0 0 1 0 2.1L7.4 15.7 3.5 16.5l.8-3.9z" />
  </svg>
);

const TrashIcon = () => (
  <svg viewBox="0 0 20 20" aria-hidden="true" focusable="false">
    <path d="M4 6h12M8 6V4h4v2M6 6l1 10h6l1-10" />
  </svg>
);

/** One chat in the list: its link, and rename (in place: Enter saves, Escape cancels) and delete buttons. */
export function SessionItem({ session, active, onRename, onDelete }: Props) {
  const title = displayTitle(session);
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(title);
  const [error, setError] = useState<string | null>(null);
  const renameButton = useRef<HTMLButtonElement>(null);
  const done = useRef(false);

  function startEditing() {
    done.current = false;
    setDraft(title);
    setError(null);
    setEditing(true);
  }

  async function finish(save: boolean) {
    if (done.current) return;
    done.current = true;
    const next = draft.trim();
    setEditing(false);
    // The input is gone: keep keyboard users where they were.
    requestAnimationFrame(() => renameButton.current?.focus());
    if (!save || !next || next === title) return;
    try {
      await onRename(next);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    }
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Enter') void finish(true);
    if (event.key === 'Escape') {
      event.stopPropagation();
      void finish(false);
    }
  }

  return (
    <li className="session-item" data-testid="session-item" data-session-id={session.id}>
      {editing ? (
        <input
          className="rename-input"
          aria-label="Chat title"
          value={draft}
          maxLength={500}
          autoFocus
          onFocus={(event) => event.currentTarget.select()}
          onChange={(event) => setDraft(event.target.value)}
          onKeyDown={onKeyDown}
          onBlur={() => void finish(true)}
        />
      ) : (
        <a
          href={chatPath(session.id)}
          onClick={followLink}
          aria-current={active ? 'page' : undefined}
          data-testid="session-link"
          data-processing={session.is_processing}
        >
          <span className="session-title">{title}</span>
          {session.is_processing && <span className="processing" role="img" aria-label="Answer in progress" title="Answer in progress" />}
        </a>
      )}
      {!editing && (
        <span className="session-actions">
          <button type="button" ref={renameButton} className="icon-button" aria-label={`Rename ${title}`} title="Rename" onClick={startEditing}>
            <PencilIcon />
          </button>
          <button type="button" className="icon-button" aria-label={`Delete ${title}`} title="Delete" onClick={onDelete}>
            <TrashIcon />
          </button>
        </span>
      )}
      {error && (
        <p role="alert" className="error session-error">
          Could not rename: {error}
        </p>
      )}
    </li>
  );
}
